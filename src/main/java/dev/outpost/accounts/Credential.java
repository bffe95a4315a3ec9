package dev.outpost.accounts;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * An SMTP login of an account. An account may have several, e.g. one per sending application,
 * so that one can be revoked alone.
 *
 * @param username unique across accounts, stored in lower case: mail clients disagree on case
 * @param account the account it logs in to
 * @param passwordHash the PHC string from {@link PasswordHasher}; never logged
 * @param createdAt when it was added
 */
public record Credential(String username, String account, String passwordHash, Instant createdAt) {

  public Credential {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(passwordHash, "passwordHash");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public static String normaliseUsername(String username) {
    String u = username.strip().toLowerCase(Locale.ROOT);
    if (u.isEmpty() || u.length() > 320 || u.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      throw new IllegalArgumentException("a username is 1 to 320 characters without spaces or control characters");
    }
    return u;
  }

  /** Leaves the hash out, so that a credential logged by accident does not leak it. */
  @Override
  public String toString() {
    return "Credential[username=" + username + ", account=" + account + ", createdAt=" + createdAt + "]";
  }
}
