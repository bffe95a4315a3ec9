package dev.outpost.smtp;

/**
 * Finds a CR or LF outside a CR LF pair in content that arrives in pieces (BDAT chunks), so that
 * BDAT content obeys the same rule as DATA content: Outpost never forwards a bare CR or LF.
 */
public final class BareNewlineDetector {
  private boolean pendingCr;
  private boolean found;

  public void scan(byte[] buffer, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      byte b = buffer[i];
      if (pendingCr) {
        pendingCr = false;
        if (b != '\n') found = true;
        else continue;
      }
      if (b == '\r') pendingCr = true;
      else if (b == '\n') found = true;
    }
  }

  /** Whether a bare CR or LF was seen, counting a CR at the very end of the content. */
  public boolean foundAtEnd() {
    return found || pendingCr;
  }
}
