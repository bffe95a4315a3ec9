package dev.outpost.accounts;

import java.time.Instant;
import java.util.Objects;

/**
 * An account's enrolled TOTP secret.
 *
 * @param account the account
 * @param secretBase32 the shared secret, RFC 4648 base32 without padding, as in the otpauth URI;
 *     it must be stored readable, because the server computes the codes from it
 * @param lastUsedStep the time step of the last accepted code; only later steps are accepted,
 *     which is the replay protection of RFC 6238 section 5.2
 * @param enrolledAt when it was enrolled
 */
public record TotpSecret(String account, String secretBase32, long lastUsedStep, Instant enrolledAt) {
  public TotpSecret {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(secretBase32, "secretBase32");
    Objects.requireNonNull(enrolledAt, "enrolledAt");
  }

  @Override
  public String toString() {
    return "TotpSecret[account=" + account + ", lastUsedStep=" + lastUsedStep + ", enrolledAt=" + enrolledAt + "]";
  }
}
