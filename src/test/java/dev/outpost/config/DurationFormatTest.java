package dev.outpost.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationFormatTest {

  @Test
  void formatWritesTheShortestFormThatParsesBack() {
    assertThat(DurationFormat.format(Duration.ofDays(30))).isEqualTo("30d");
    assertThat(DurationFormat.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(DurationFormat.format(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(DurationFormat.format(Duration.ZERO)).isEqualTo("0s");
    for (Duration d : new Duration[] {Duration.ofHours(24), Duration.ofSeconds(3661), Duration.ofMillis(86_400_001)}) {
      assertThat(DurationFormat.parse(DurationFormat.format(d))).isEqualTo(d);
    }
  }
}
