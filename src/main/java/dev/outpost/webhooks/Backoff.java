package dev.outpost.webhooks;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The wait before the next attempt after {@code failures} failed ones in a row: {@code min},
 * doubling with each failure up to {@code max}, of which a random half is taken away ("equal
 * jitter"), so that endpoints that failed together, say during the receiver's outage, do not all
 * come back in the same second.
 */
record Backoff(Duration min, Duration max) {

  Duration after(int failures, RandomGenerator random) {
    if (failures < 1) throw new IllegalArgumentException("failures must be at least 1, got " + failures);
    long maxMillis = max.toMillis();
    long millis = min.toMillis();
    for (int i = 1; i < failures && millis < maxMillis; i++) millis *= 2;
    millis = Math.min(millis, maxMillis);
    long half = millis / 2;
    return Duration.ofMillis(millis - half + (half == 0 ? 0 : random.nextLong(half + 1)));
  }
}
