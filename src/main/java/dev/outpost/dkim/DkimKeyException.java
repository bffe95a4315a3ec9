package dev.outpost.dkim;

/**
 * A key operation that cannot be done as asked: an invalid domain or selector, a selector that
 * exists already or does not exist, or removing the key that is still signing.
 */
public final class DkimKeyException extends RuntimeException {
  public DkimKeyException(String message) {
    super(message);
  }
}
