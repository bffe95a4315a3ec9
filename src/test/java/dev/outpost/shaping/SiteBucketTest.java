package dev.outpost.shaping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Adaptive backoff step by step on a hand-moved clock, and the connection cap. */
class SiteBucketTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final SiteLimits limits = new SiteLimits(2, 10, Rate.parse("100/min"), 50, Duration.ofMinutes(5),
      Duration.ofMinutes(1));
  private final SiteBucket bucket = new SiteBucket("google", "192.0.2.10", limits, clock);

  @Test
  void aRateLimitReplySuspendsThenTheRateHalvesAndClimbsBackByTenths() throws Exception {
    bucket.slowDown(new SlowDown("421 4.7.28 unusual rate", true));

    SiteStatus status = bucket.status();
    assertThat(status.suspendedUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(status.currentRate()).isEqualTo(Rate.parse("50/min"));
    assertThat(status.reason()).isEqualTo("421 4.7.28 unusual rate");
    assertThat(bucket.tryOpenConnection()).isFalse();
    assertThat(bucket.startSend(() -> true)).isFalse();
    assertThat(bucket.suspension()).contains("site google suspended for source 192.0.2.10", "4.7.28");

    clock.advance(Duration.ofMinutes(5));
    assertThat(bucket.suspension()).isNull();
    assertThat(bucket.status().currentRate().messages()).isEqualTo(50);
    clock.advance(Duration.ofMinutes(1));
    assertThat(bucket.status().currentRate().messages()).isEqualTo(60);
    clock.advance(Duration.ofMinutes(3));
    assertThat(bucket.status().currentRate().messages()).isEqualTo(90);

    bucket.slowDown(new SlowDown("421 4.7.0 try later", false));
    assertThat(bucket.status().currentRate().messages()).isEqualTo(45);
    assertThat(bucket.status().suspendedUntil()).isNull();
    assertThat(bucket.tryOpenConnection()).isTrue();

    clock.advance(Duration.ofHours(1));
    assertThat(bucket.status().currentRate()).isEqualTo(limits.rate());
    assertThat(bucket.status().reason()).isNull();
    assertThat(bucket.status().slowed()).isFalse();
  }

  @Test
  void repeatedSlowDownsNeverGoBelowOneMessagePerWindow() {
    for (int i = 0; i < 20; i++) bucket.slowDown(new SlowDown("421 4.7.28", true));
    assertThat(bucket.status().currentRate().messages()).isEqualTo(1);
  }

  @Test
  void connectionsAreCappedAndAClosedOneFreesItsSlot() {
    assertThat(bucket.tryOpenConnection()).isTrue();
    assertThat(bucket.tryOpenConnection()).isTrue();
    assertThat(bucket.tryOpenConnection()).isFalse();
    assertThat(bucket.status().connections()).isEqualTo(2);
    bucket.connectionClosed();
    assertThat(bucket.tryOpenConnection()).isTrue();
  }

  @Test
  void theWindowCountsSendsInFlightAndThoseFinishedWithinIt() {
    SendWindow window = new SendWindow(3, 1_000);
    assertThat(window.tryStart(3, 0)).isZero();
    assertThat(window.tryStart(3, 0)).isZero();
    assertThat(window.tryStart(3, 0)).isZero();
    assertThat(window.tryStart(3, 10)).as("three in flight: wait for one to finish").isEqualTo(-1);
    window.finish(100);
    assertThat(window.tryStart(3, 200)).as("finished at 100, leaves the window at 1100").isEqualTo(900);
    assertThat(window.tryStart(3, 1_100)).isZero();
    assertThat(window.tryStart(1, 1_100)).as("a halved limit counts the same sends").isEqualTo(-1);
    assertThat(window.counted(1_100)).isEqualTo(3);
  }
}
