package dev.outpost.delivery;

/** A command argument contained CR or LF and was refused before anything was sent. */
public final class UnsafeCommandException extends IllegalArgumentException {
  public UnsafeCommandException(String message) {
    super(message);
  }
}
