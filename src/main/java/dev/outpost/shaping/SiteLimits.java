package dev.outpost.shaping;

import java.time.Duration;

/**
 * What one site accepts from one source IP. The built-in values are starting points taken from
 * published sender guidelines and common MTA practice, not promises by the providers: tune them
 * to what each provider's replies say about your own IPs.
 *
 * @param connections concurrent connections per source IP
 * @param messagesPerConnection messages sent over one connection before it is closed
 * @param rate messages per window per source IP; the ceiling adaptive backoff climbs back to
 * @param recipientsPerMessage RCPT commands per transaction
 * @param suspendFor how long a "slow down" reply stops new sends from that source IP
 * @param recoveryInterval after a suspension, the rate grows by a tenth of {@code rate} after each
 *     such interval without another "slow down"
 */
public record SiteLimits(
    int connections,
    int messagesPerConnection,
    Rate rate,
    int recipientsPerMessage,
    Duration suspendFor,
    Duration recoveryInterval) {

  public SiteLimits {
    if (connections < 1 || messagesPerConnection < 1 || recipientsPerMessage < 1) {
      throw new IllegalArgumentException(
          "connections, messages per connection and recipients per message must be at least 1");
    }
    if (suspendFor.isNegative() || !recoveryInterval.isPositive()) {
      throw new IllegalArgumentException("suspend must not be negative and recovery_interval must be positive");
    }
  }
}
