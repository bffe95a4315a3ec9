package dev.outpost.config;

import java.time.Duration;

/**
 * {@code [suppression]}: whether recipients on a suppression list are refused at RCPT.
 *
 * @param enabled refuse suppressed recipients with 550 5.7.1 (hard bounces are recorded either way)
 * @param cacheTtl how long a lookup is reused; the longest a running server can miss a change
 *     made with {@code outpost suppression}
 * @param complaintsAddress where feedback loops send complaint reports (ARF), accepted from
 *     anyone and never relayed; null for none
 */
public record SuppressionConfig(boolean enabled, Duration cacheTtl, String complaintsAddress) {

  public static SuppressionConfig defaults() {
    return new SuppressionConfig(true, Duration.ofSeconds(30), null);
  }

  public SuppressionConfig withComplaintsAddress(String address) {
    return new SuppressionConfig(enabled, cacheTtl, address);
  }
}
