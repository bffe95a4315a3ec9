package dev.outpost.dkim;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 hash of a message body under "relaxed" body canonicalisation (RFC 6376 §3.4.4),
 * computed as the body streams past so that no body is ever held whole: spaces and tabs at the
 * end of a line are dropped, other runs of them become one space, and empty lines are counted
 * rather than hashed until a later line shows they were not the trailing ones. A body that does
 * not end in CRLF is hashed as if it did; an empty body hashes as nothing.
 */
public final class BodyHasher {
  private final MessageDigest sha256;
  private final byte[] out = new byte[8192];
  private int used;
  private long emptyLines;
  private boolean pendingSpace;
  private boolean pendingCr;
  private boolean lineHasContent;

  public BodyHasher() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  public void update(byte[] buffer, int offset, int length) {
    for (int i = offset; i < offset + length; i++) accept(buffer[i]);
  }

  private void accept(byte b) {
    if (pendingCr) {
      pendingCr = false;
      if (b == '\n') {
        endLine();
        return;
      }
      content((byte) '\r');
    }
    switch (b) {
      case '\r' -> pendingCr = true;
      case ' ', '\t' -> pendingSpace = true;
      default -> content(b);
    }
  }

  private void endLine() {
    if (lineHasContent) {
      emit((byte) '\r');
      emit((byte) '\n');
    } else {
      emptyLines++;
    }
    pendingSpace = false;
    lineHasContent = false;
  }

  private void content(byte b) {
    for (; emptyLines > 0; emptyLines--) {
      emit((byte) '\r');
      emit((byte) '\n');
    }
    if (pendingSpace) emit((byte) ' ');
    pendingSpace = false;
    lineHasContent = true;
    emit(b);
  }

  private void emit(byte b) {
    if (used == out.length) {
      sha256.update(out, 0, used);
      used = 0;
    }
    out[used++] = b;
  }

  /** The hash of all that was fed; the hasher is spent afterwards. */
  public byte[] digest() {
    if (pendingCr) {
      pendingCr = false;
      content((byte) '\r');
    }
    if (lineHasContent) endLine();
    sha256.update(out, 0, used);
    used = 0;
    return sha256.digest();
  }
}
