package dev.outpost.shaping;

import java.time.Instant;

/**
 * One site's live state for one source IP, as {@code outpost queue} shows it.
 *
 * @param source the local address, or {@code any} when the system picks it
 * @param configuredRate the ceiling from the profile
 * @param currentRate the rate in force now; below the ceiling after a slow-down
 * @param suspendedUntil when new connections and sends resume; null when not suspended
 * @param reason the reply that slowed the site down, while it is suspended or below its
 *     ceiling; null otherwise
 * @param lastSlowDown the last "slow down" reply's time, or null if none came yet
 */
public record SiteStatus(
    String site,
    String source,
    int connections,
    int connectionLimit,
    Rate configuredRate,
    Rate currentRate,
    Instant suspendedUntil,
    String reason,
    Instant lastSlowDown) {

  /** Whether the site runs below its configured limits now. */
  public boolean slowed() {
    return reason != null;
  }
}
