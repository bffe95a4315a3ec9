package dev.outpost.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import dev.outpost.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The timer index: cancel and reschedule leave stale entries that are skipped, never fired. */
class RetryTimerTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private final ManualClock clock = new ManualClock(START);
  private final LinkedBlockingQueue<String> fired = new LinkedBlockingQueue<>();
  private final RetryTimer timer = new RetryTimer(clock, m -> fired.add(m.queueId()));

  @AfterEach
  void stop() {
    timer.stop();
  }

  @Test
  void aCancelledMessageNeverFiresAndARescheduledOneFiresOnce() throws InterruptedException {
    QueuedMessage cancelled = message("A");
    QueuedMessage moved = message("B");
    QueuedMessage plain = message("C");
    timer.schedule(cancelled, START.plusSeconds(60));
    timer.schedule(moved, START.plusSeconds(60));
    timer.schedule(plain, START.plusSeconds(120));
    timer.start();

    assertThat(timer.cancel(cancelled)).isTrue();
    assertThat(timer.cancel(cancelled)).isFalse();
    timer.schedule(moved, START.plusSeconds(180));
    assertThat(timer.size()).isEqualTo(2);
    assertThat(timer.dueAt(moved)).isEqualTo(START.plusSeconds(180));
    assertThat(timer.dueAt(cancelled)).isNull();

    clock.advance(Duration.ofSeconds(150));
    assertThat(fired.poll(2, TimeUnit.SECONDS)).isEqualTo("C");
    clock.advance(Duration.ofSeconds(60));
    assertThat(fired.poll(2, TimeUnit.SECONDS)).isEqualTo("B");
    assertThat(fired.poll(500, TimeUnit.MILLISECONDS)).isNull();
    assertThat(timer.size()).isZero();
  }

  @Test
  void expediteMakesOnlyWaitingMessagesDueNow() throws InterruptedException {
    QueuedMessage waiting = message("W");
    QueuedMessage notScheduled = message("N");
    timer.schedule(waiting, START.plus(Duration.ofHours(1)));
    timer.start();

    assertThat(timer.expedite(notScheduled)).isFalse();
    assertThat(timer.expedite(waiting)).isTrue();
    assertThat(fired.poll(2, TimeUnit.SECONDS)).isEqualTo("W");
    assertThat(fired.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  private static QueuedMessage message(String id) {
    return QueuedMessage.of(new Envelope(id, "s@example.com", List.of(Recipient.pending("r@example.org", Set.of(), null)),
        START, null, null, false, Envelope.BodyType.SEVEN_BIT, null, null, null, 10, START));
  }
}
