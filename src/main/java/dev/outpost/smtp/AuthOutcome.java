package dev.outpost.smtp;

/** What checking a client's credentials found, as the I/O layer reports it to the session. */
public sealed interface AuthOutcome {

  /** The credentials are good; the session now acts for {@code account}. */
  record Success(String account) implements AuthOutcome {}

  /** Wrong username or password, or a disabled account: the client is not told which. */
  record BadCredentials() implements AuthOutcome {}

  /** Too many failures from this address or for this account: refused for a while, whatever the password. */
  record Blocked() implements AuthOutcome {}

  /** The credential store could not be asked; the client may try again later. */
  record Unavailable() implements AuthOutcome {}
}
