package dev.outpost.pipeline;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Replaces the From field of a header section. The original field is kept, renamed to
 * X-Original-From, so the change stays visible to the recipient and to the sender's support
 * staff; the new From names the account's own address.
 *
 * <p>A line is a From field exactly when {@link HeaderScanner} counts it as one: the policy judged
 * the addresses the scanner found, so a line it read as From (say {@code "From\0:"}) and this
 * class did not would survive the rewrite beside the new From.
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
      if (HeaderScanner.opensFromField(header, lineStart, lineEnd)) {
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
}
