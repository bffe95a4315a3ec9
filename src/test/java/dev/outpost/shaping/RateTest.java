package dev.outpost.shaping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateTest {

  @Test
  void parsesCountsPerSecondMinuteAndHour() {
    assertThat(Rate.parse("5/s")).isEqualTo(new Rate(5, Duration.ofSeconds(1)));
    assertThat(Rate.parse("600/min")).isEqualTo(new Rate(600, Duration.ofMinutes(1)));
    assertThat(Rate.parse(" 3600 / h ")).isEqualTo(new Rate(3600, Duration.ofHours(1)));
    assertThat(Rate.parse("unlimited").limited()).isFalse();
    assertThat(Rate.parse("600/min")).hasToString("600/min");
  }

  @Test
  void refusesWhatIsNotARate() {
    assertThatThrownBy(() -> Rate.parse("5 per second")).hasMessageContaining("is not a rate");
    assertThatThrownBy(() -> Rate.parse("5/day")).hasMessageContaining("is not a rate");
    assertThatThrownBy(() -> Rate.parse("0/s")).hasMessageContaining("must be 1-100000");
    assertThatThrownBy(() -> Rate.parse("200000/h")).hasMessageContaining("use a shorter window");
  }
}
