package dev.outpost.pipeline;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Replaces the From field of a header section. The original field is kept, renamed to
 * X-Original-From, so the change stays visible to the recipient and to the sender's support
 * staff; the new From names the account's own address.
 */
public final class HeaderRewriter {
  private HeaderRewriter() {}

  public static byte[] replaceFrom(byte[] header, String newAddress) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(header.length + 64);
    boolean inserted = false;
    int lineStart = 0;
    while (lineStart < header.length) {
      int lineEnd = lineStart;
      while (lineEnd < header.length && header[lineEnd] != '\n') lineEnd++;
      lineEnd = Math.min(lineEnd + 1, header.length);
      if (startsWithField(header, lineStart, lineEnd, "from")) {
        if (!inserted) {
          out.writeBytes(("From: <" + newAddress + ">\r\n").getBytes(StandardCharsets.UTF_8));
          inserted = true;
        }
        out.writeBytes("X-Original-".getBytes(StandardCharsets.US_ASCII));
      }
      out.write(header, lineStart, lineEnd - lineStart);
      lineStart = lineEnd;
    }
    return out.toByteArray();
  }

  /** Whether the line at {@code start} begins the field {@code name} (case-insensitive). */
  private static boolean startsWithField(byte[] header, int start, int end, String name) {
    int i = start;
    for (int k = 0; k < name.length(); k++, i++) {
      if (i >= end || Character.toLowerCase((char) header[i]) != name.charAt(k)) return false;
    }
    while (i < end && (header[i] == ' ' || header[i] == '\t')) i++;
    return i < end && header[i] == ':';
  }
}
