package dev.outpost.bounce;

import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;

/**
 * The part of the original message a DSN returns: the whole message when RET=FULL asked for it
 * and it fits under the cap and is 7-bit (message/rfc822 cannot be re-encoded), otherwise the
 * header section alone. At most the cap is ever held in memory.
 *
 * @param bytes the returned octets, CRLF line ends
 * @param full whether {@code bytes} is the whole message; otherwise the header section
 * @param whyHeadersOnly for RET=FULL that could not be honoured, the reason, to tell the sender; else null
 */
record OriginalContent(byte[] bytes, boolean full, String whyHeadersOnly) {
  /** Header sections beyond this are cut at a line end: a DSN is not the place for 64 KiB of Received lines. */
  static final int MAX_HEADERS = 64 * 1024;

  /** The message as delivered: Outpost's header prefix, then the stored body. */
  static BodySource of(byte[] headerPrefix, BodySource body) {
    byte[] prefix = headerPrefix == null ? new byte[0] : headerPrefix;
    return () -> new SequenceInputStream(new ByteArrayInputStream(prefix), body.open());
  }

  static OriginalContent read(BodySource source, long size, boolean wantFull, int fullLimit) throws IOException {
    if (wantFull) {
      if (size > fullLimit) {
        return headers(source, "the message (" + size + " octets) is larger than the " + fullLimit
            + " octets a DSN returns in full");
      }
      byte[] all;
      try (InputStream in = source.open()) {
        all = in.readNBytes(fullLimit + 1);
      }
      if (all.length <= fullLimit && MimeText.isSevenBit(all, all.length)) return new OriginalContent(all, true, null);
      if (all.length > fullLimit) return headers(source, "the message is larger than " + fullLimit + " octets");
      return headers(source, "the message holds 8-bit data or overlong lines, which this 7-bit report cannot carry");
    }
    return headers(source, null);
  }

  private static OriginalContent headers(BodySource source, String why) throws IOException {
    byte[] head;
    try (InputStream in = source.open()) {
      head = in.readNBytes(MAX_HEADERS);
    }
    int end = headerEnd(head);
    return new OriginalContent(Arrays.copyOf(head, end), false, why);
  }

  /** Octets up to and including the CRLF that ends the last header line (before the blank line, or the cut). */
  private static int headerEnd(byte[] b) {
    int lastLineEnd = 0;
    for (int i = 0; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        if (i == lastLineEnd) return lastLineEnd;
        lastLineEnd = i + 2;
      }
    }
    return lastLineEnd;
  }
}
