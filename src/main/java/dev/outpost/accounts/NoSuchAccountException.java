package dev.outpost.accounts;

/** An administrative command named an account, credential or domain that does not exist. */
public final class NoSuchAccountException extends AdministrationException {
  public NoSuchAccountException(String message) {
    super(message);
  }
}
