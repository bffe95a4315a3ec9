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
 * @param action what happens to a suppressed recipient: refused at RCPT, or accepted and dropped
 *     from the message with an event, for senders whose software cannot handle a refused RCPT
 */
public record SuppressionConfig(boolean enabled, Duration cacheTtl, String complaintsAddress, Action action) {

  public static SuppressionConfig defaults() {
    return new SuppressionConfig(true, Duration.ofSeconds(30), null, Action.REFUSE);
  }

  public SuppressionConfig withComplaintsAddress(String address) {
    return new SuppressionConfig(enabled, cacheTtl, address, action);
  }

  public SuppressionConfig withAction(Action value) {
    return new SuppressionConfig(enabled, cacheTtl, complaintsAddress, value);
  }

  /** What happens to a suppressed recipient. */
  public enum Action {
    REFUSE,
    DROP
  }
}
