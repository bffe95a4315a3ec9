package dev.outpost.suppression;

import java.time.Instant;
import java.util.Locale;

/**
 * One address on one suppression list.
 *
 * @param scope the list
 * @param address the recipient address, lower-cased so that lookups ignore case
 * @param reason why it is suppressed
 * @param detail free text: the remote reply of a hard bounce, an operator's note
 * @param createdAt when it was added
 * @param expiresAt when it stops applying, or null for never
 */
public record Suppression(
    SuppressionScope scope, String address, SuppressionReason reason, String detail, Instant createdAt,
    Instant expiresAt) {

  public Suppression {
    address = normalise(address);
    detail = detail == null ? "" : detail;
  }

  /** Whether the entry still applies at {@code now}. */
  public boolean activeAt(Instant now) {
    return expiresAt == null || now.isBefore(expiresAt);
  }

  /**
   * Addresses compare without case. Strictly only the domain is case-insensitive, but receivers
   * treat local parts the same way and a list that missed {@code Bob@} for {@code bob@} would
   * let an opted-out recipient be mailed.
   */
  public static String normalise(String address) {
    return address.toLowerCase(Locale.ROOT);
  }
}
