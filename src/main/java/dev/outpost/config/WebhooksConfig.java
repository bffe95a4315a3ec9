package dev.outpost.config;

import java.time.Duration;

/**
 * {@code [webhooks]}: how events are delivered to the endpoints that accounts register.
 *
 * @param backoffMin the wait after the first failed POST; it doubles with each further failure
 * @param backoffMax the longest wait between two attempts
 * @param maxAge how long an event is retried, counted from when it happened; a batch still failing
 *     after that is skipped. At most {@code [events] retention}, which deletes older events anyway
 * @param batchSize the most events in one POST
 * @param timeout for connecting and for the whole response of one POST
 */
public record WebhooksConfig(Duration backoffMin, Duration backoffMax, Duration maxAge, int batchSize,
    Duration timeout) {
  /** The most {@code batch_size} may be: one page of the event store. */
  public static final int MAX_BATCH_SIZE = 1000;

  public WebhooksConfig {
    if (backoffMax.compareTo(backoffMin) < 0) {
      throw new IllegalArgumentException("backoffMax " + backoffMax + " is shorter than backoffMin " + backoffMin);
    }
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException("batchSize must be 1 to " + MAX_BATCH_SIZE + ", got " + batchSize);
    }
  }

  /** 10 s doubling to an hour, for a day: an endpoint down over a night loses nothing. */
  public static WebhooksConfig defaults() {
    return new WebhooksConfig(Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(24), 100,
        Duration.ofSeconds(10));
  }

  public WebhooksConfig withBackoff(Duration min, Duration max) {
    return new WebhooksConfig(min, max, maxAge, batchSize, timeout);
  }

  public WebhooksConfig withMaxAge(Duration value) {
    return new WebhooksConfig(backoffMin, backoffMax, value, batchSize, timeout);
  }

  public WebhooksConfig withBatchSize(int value) {
    return new WebhooksConfig(backoffMin, backoffMax, maxAge, value, timeout);
  }

  public WebhooksConfig withTimeout(Duration value) {
    return new WebhooksConfig(backoffMin, backoffMax, maxAge, batchSize, value);
  }
}
