package dev.outpost.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(10), Duration.ofHours(1));

  /** Jitter at its extremes: nothing taken away, or the whole half. */
  private static final RandomGenerator NONE_TAKEN = new RandomGenerator() {
    @Override
    public long nextLong() {
      return 0;
    }

    @Override
    public long nextLong(long bound) {
      return bound - 1;
    }
  };
  private static final RandomGenerator HALF_TAKEN = new RandomGenerator() {
    @Override
    public long nextLong() {
      return 0;
    }

    @Override
    public long nextLong(long bound) {
      return 0;
    }
  };

  @Test
  void tenSecondsDoublingToAnHour() {
    assertThat(DEFAULT.after(1, NONE_TAKEN)).isEqualTo(Duration.ofSeconds(10));
    assertThat(DEFAULT.after(2, NONE_TAKEN)).isEqualTo(Duration.ofSeconds(20));
    assertThat(DEFAULT.after(3, NONE_TAKEN)).isEqualTo(Duration.ofSeconds(40));
    assertThat(DEFAULT.after(9, NONE_TAKEN)).isEqualTo(Duration.ofSeconds(2560));
    assertThat(DEFAULT.after(10, NONE_TAKEN)).isEqualTo(Duration.ofHours(1));
    assertThat(DEFAULT.after(10_000, NONE_TAKEN)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void jitterTakesAwayUpToHalf() {
    assertThat(DEFAULT.after(1, HALF_TAKEN)).isEqualTo(Duration.ofSeconds(5));
    assertThat(DEFAULT.after(20, HALF_TAKEN)).isEqualTo(Duration.ofMinutes(30));
    Random random = new Random(7);
    for (int failures = 1; failures < 15; failures++) {
      Duration full = DEFAULT.after(failures, NONE_TAKEN);
      assertThat(DEFAULT.after(failures, random)).isBetween(full.dividedBy(2), full);
    }
  }
}
