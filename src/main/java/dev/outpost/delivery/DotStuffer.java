package dev.outpost.delivery;

/**
 * Turns message bytes into the DATA wire form (RFC 5321 4.5.2): a '.' that starts a line is
 * doubled, and every line ends in CRLF. A bare CR or bare LF is written as CRLF, so the output
 * holds no line ending other than CRLF and no sequence a receiver could read as an early end of
 * data (the "SMTP smuggling" variants with {@code <LF>.<LF>} or {@code <CR>.<CR>}).
 *
 * <p>Pure and stateful across blocks: feed the message in any block sizes, then call
 * {@link #finish}. Not thread-safe.
 */
public final class DotStuffer {
  private boolean atLineStart = true;
  private boolean pendingCr;

  /**
   * A buffer size enough for {@link #transform} of {@code inputLength} bytes and for
   * {@link #finish}: each input byte yields at most two output bytes, plus a CRLF for a CR carried
   * over from the last block; the end adds at most five.
   */
  public static int maxOutput(int inputLength) {
    return 2 * inputLength + 5;
  }

  /**
   * Transforms {@code in[offset, offset+length)} into {@code out} from index 0 and returns the
   * number of bytes written; {@code out} must hold {@link #maxOutput}{@code (length)} bytes.
   */
  public int transform(byte[] in, int offset, int length, byte[] out) {
    int o = 0;
    int end = offset + length;
    int i = offset;
    while (i < end) {
      byte b = in[i];
      if (pendingCr) {
        pendingCr = false;
        out[o++] = '\r';
        out[o++] = '\n';
        atLineStart = true;
        if (b == '\n') {
          i++;
          continue;
        }
      }
      if (b == '\r') {
        pendingCr = true;
        i++;
        continue;
      }
      if (b == '\n') {
        out[o++] = '\r';
        out[o++] = '\n';
        atLineStart = true;
        i++;
        continue;
      }
      if (atLineStart && b == '.') out[o++] = '.';
      atLineStart = false;
      // The rest of the line up to CR or LF goes out unchanged, copied in one piece.
      int j = i + 1;
      while (j < end) {
        byte c = in[j];
        if (c == '\r' || c == '\n') break;
        j++;
      }
      System.arraycopy(in, i, out, o, j - i);
      o += j - i;
      i = j;
    }
    return o;
  }

  /**
   * Writes what ends the data into {@code out} (at most 5 bytes): a CRLF if the message did not
   * end with one, then {@code .CRLF}. Returns the number of bytes written.
   */
  public int finish(byte[] out) {
    int o = 0;
    if (pendingCr) {
      pendingCr = false;
      atLineStart = true;
      out[o++] = '\r';
      out[o++] = '\n';
    }
    if (!atLineStart) {
      out[o++] = '\r';
      out[o++] = '\n';
    }
    out[o++] = '.';
    out[o++] = '\r';
    out[o++] = '\n';
    atLineStart = true;
    return o;
  }
}
