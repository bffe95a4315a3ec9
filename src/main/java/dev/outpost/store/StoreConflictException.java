package dev.outpost.store;

/**
 * An insert broke a uniqueness or reference rule: the key exists already, or the owner it names
 * does not.
 */
public final class StoreConflictException extends StoreException {
  public StoreConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
