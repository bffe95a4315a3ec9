package dev.outpost.smtp;

/**
 * Checks content that arrives in pieces (BDAT chunks) as {@link DataDecoder} checks DATA: finds a
 * CR or LF outside a CR LF pair, since Outpost never forwards a bare CR or LF, and notes octets
 * above 127, which need 8BITMIME at the next hop.
 */
public final class ChunkedContentCheck {
  private boolean pendingCr;
  private boolean found;
  private boolean eightBit;

  public void scan(byte[] buffer, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      byte b = buffer[i];
      if (b < 0) eightBit = true;
      if (pendingCr) {
        pendingCr = false;
        if (b != '\n') found = true;
        else continue;
      }
      if (b == '\r') pendingCr = true;
      else if (b == '\n') found = true;
    }
  }

  public boolean sawEightBit() {
    return eightBit;
  }

  /** Whether a bare CR or LF was seen, counting a CR at the very end of the content. */
  public boolean foundAtEnd() {
    return found || pendingCr;
  }
}
