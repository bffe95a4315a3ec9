package dev.outpost.accounts;

/**
 * An administrative command cannot be done as asked: the message says why in words for the
 * operator, e.g. "no account named acme".
 */
public class AdministrationException extends RuntimeException {
  public AdministrationException(String message) {
    super(message);
  }
}
