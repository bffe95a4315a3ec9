package dev.outpost.config;

import java.time.Duration;

/**
 * {@code [events]}: the delivery event log and its statistics, in the state database.
 *
 * @param enabled record events; when false nothing new is recorded (to measure what recording
 *     costs, or to save the disk), but what is kept can still be read until it expires
 * @param retention how long events and their hourly aggregates are kept
 */
public record EventsConfig(boolean enabled, Duration retention) {
  /** Long enough for the statistics of a month and a few days of looking back at it. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

  public static EventsConfig defaults() {
    return new EventsConfig(true, DEFAULT_RETENTION);
  }

  public EventsConfig withEnabled(boolean value) {
    return new EventsConfig(value, retention);
  }

  public EventsConfig withRetention(Duration value) {
    return new EventsConfig(enabled, value);
  }
}
