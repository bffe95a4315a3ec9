package dev.outpost.accounts;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored API key: its hash, never the key.
 *
 * @param hash lower-case hex SHA-256 of the whole key, the lookup key
 * @param hint the first characters of the key, enough for a person to tell keys apart in a list
 * @param account the account the key belongs to
 * @param scope what it may do
 * @param createdAt when it was issued
 */
public record ApiKey(String hash, String hint, String account, ApiKeyScope scope, Instant createdAt) {
  public ApiKey {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(hint, "hint");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
