package dev.outpost.accounts;

import java.time.Instant;

/**
 * The outcome of an SMTP login. Every failure is answered {@code 535 5.7.8} on the wire (a
 * locked account too, so that the reply does not tell an attacker that the lock worked); the
 * variants exist for the log and for per-IP failure counting, which counts every one that is not
 * {@link Authenticated}.
 */
public sealed interface AuthResult {

  /** Good credentials of an enabled, unlocked account. */
  record Authenticated(Account account, String username) implements AuthResult {}

  /** Unknown username or wrong password; the two are not told apart. */
  record BadCredentials() implements AuthResult {}

  /** Good credentials, but the operator disabled the account. */
  record AccountDisabled(String account) implements AuthResult {}

  /** Too many failures across all clients; no password is checked until {@code until}. */
  record LockedOut(String account, Instant until) implements AuthResult {}
}
