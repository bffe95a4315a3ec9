package dev.outpost.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.events.DeliveryEvent.Type;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {
  private static final Instant T0 = Instant.parse("2030-01-15T10:00:00Z");
  private static final Duration RETENTION = Duration.ofDays(30);
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private SqliteStateStore state;
  private ManualClock clock;

  @BeforeEach
  void open() {
    state = SqliteStateStore.open(dir);
    clock = new ManualClock(T0);
  }

  @AfterEach
  void close() {
    state.close();
  }

  private static DeliveryEvent delivered(int i, Instant at) {
    return DeliveryEvent.of(Type.DELIVERED, at).queueId("Q" + i).recipient("r" + i + "@example.com").build();
  }

  @Test
  void recordedEventsAreStoredInBatchesOfAtMostFiveHundred() throws Exception {
    var batches = new CopyOnWriteArrayList<Integer>();
    EventStore counting = new Delegating(state.events()) {
      @Override
      public List<DeliveryEvent> append(List<DeliveryEvent> events) {
        batches.add(events.size());
        return super.append(events);
      }
    };
    try (EventLog log = EventLog.start(counting, clock, RETENTION, true)) {
      for (int i = 0; i < 1_234; i++) log.record(delivered(i, T0));

      assertThat(log.flush(WAIT)).isTrue();
      assertThat(log.find(EventQuery.all().withLimit(1000)).events()).hasSize(1000);
      assertThat(log.stats(StatsQuery.between(T0, T0.plusSeconds(1))).rows().get(0).count(Type.DELIVERED))
          .isEqualTo(1_234);
    }
    assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1_234);
    assertThat(batches).allSatisfy(n -> assertThat(n).isBetween(1, EventLog.BATCH));
    assertThat(batches.size()).isLessThan(20);
  }

  @Test
  void aStoreThatHangsNeverBlocksTheCallerAndTheOverflowIsCounted() throws Exception {
    var release = new CountDownLatch(1);
    EventStore stuck = new Delegating(state.events()) {
      @Override
      public List<DeliveryEvent> append(List<DeliveryEvent> events) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.append(events);
      }
    };
    try (EventLog log = EventLog.start(stuck, clock, RETENTION, true, 100)) {
      long start = System.nanoTime();
      for (int i = 0; i < 5_000; i++) log.record(delivered(i, T0));
      long elapsed = System.nanoTime() - start;

      assertThat(TimeUnit.NANOSECONDS.toMillis(elapsed)).isLessThan(2_000);
      // The writer holds at most one batch, the queue at most its capacity: the rest is dropped.
      assertThat(log.dropped()).isGreaterThanOrEqualTo(5_000 - 100 - EventLog.BATCH);
      release.countDown();
      assertThat(log.flush(WAIT)).isTrue();
      assertThat(log.stats(StatsQuery.between(T0, T0.plusSeconds(1))).rows().get(0).count(Type.DELIVERED))
          .isEqualTo(5_000 - log.dropped());
    }
  }

  @Test
  void aFailedBatchIsCountedAsLostAndTheWriterCarriesOn() throws Exception {
    var failures = new java.util.concurrent.atomic.AtomicInteger(1);
    EventStore flaky = new Delegating(state.events()) {
      @Override
      public List<DeliveryEvent> append(List<DeliveryEvent> events) {
        if (failures.getAndDecrement() > 0) throw new dev.outpost.store.StoreException("disk I/O error");
        return super.append(events);
      }
    };
    try (EventLog log = EventLog.start(flaky, clock, RETENTION, true)) {
      log.record(delivered(1, T0));
      assertThat(log.flush(WAIT)).isTrue();
      log.record(delivered(2, T0));
      assertThat(log.flush(WAIT)).isTrue();

      assertThat(log.lost()).isEqualTo(1);
      assertThat(log.find(EventQuery.all()).events()).extracting(DeliveryEvent::queueId).containsExactly("Q2");
    }
  }

  @Test
  void closeStoresWhatIsStillQueued() {
    EventLog log = EventLog.start(state.events(), clock, RETENTION, true);
    for (int i = 0; i < 700; i++) log.record(delivered(i, T0));
    log.close();
    log.close();

    assertThat(state.events().stats(StatsQuery.between(T0, T0.plusSeconds(1))).rows().get(0).count(Type.DELIVERED))
        .isEqualTo(700);
    log.record(delivered(701, T0));
    assertThat(log.dropped()).isEqualTo(1);
  }

  @Test
  void withRecordingOffNothingIsStoredButEarlierEventsCanStillBeRead() throws Exception {
    state.events().append(List.of(delivered(1, T0)));
    try (EventLog log = EventLog.start(state.events(), clock, RETENTION, false)) {
      log.record(delivered(2, T0));
      assertThat(log.flush(WAIT)).isTrue();

      assertThat(log.find(EventQuery.all()).events()).extracting(DeliveryEvent::queueId).containsExactly("Q1");
      assertThat(log.dropped()).isZero();
    }
  }

  @Test
  void aComplaintIsFiledUnderTheNewestDeliveryToItsRecipient() throws Exception {
    try (EventLog log = EventLog.start(state.events(), clock, RETENTION, true)) {
      log.record(DeliveryEvent.of(Type.DELIVERED, T0).queueId("OLD").recipient("reader@example.com").account("acme")
          .campaign("winter").build());
      log.record(DeliveryEvent.of(Type.DELIVERED, T0.plusSeconds(60)).queueId("NEW").recipient("reader@example.com")
          .account("acme").campaign("spring").remote("mx[192.0.2.1]:25", "250 ok", "2.0.0")
          .via("google", "198.51.100.7").build());
      assertThat(log.flush(WAIT)).isTrue();
      log.record(DeliveryEvent.of(Type.COMPLAINED, T0.plusSeconds(3600)).recipient("Reader@Example.com")
          .reply("abuse report from <fbl@mailbox.example>", null).build());
      log.record(DeliveryEvent.of(Type.COMPLAINED, T0.plusSeconds(3600)).recipient("stranger@example.com").build());
      assertThat(log.flush(WAIT)).isTrue();

      List<DeliveryEvent> complaints = log.find(EventQuery.all().withTypes(java.util.Set.of(Type.COMPLAINED))
          .withOrder(EventQuery.Order.OLDEST_FIRST)).events();
      assertThat(complaints.get(0)).satisfies(c -> {
        assertThat(c.queueId()).isEqualTo("NEW");
        assertThat(c.account()).isEqualTo("acme");
        assertThat(c.campaign()).isEqualTo("spring");
        assertThat(c.site()).isEqualTo("google");
        assertThat(c.sourceIp()).isEqualTo("198.51.100.7");
        assertThat(c.reply()).isEqualTo("abuse report from <fbl@mailbox.example>");
      });
      assertThat(complaints.get(1).account()).isNull();
      StatsRow spring = log.stats(StatsQuery.between(T0, T0.plus(Duration.ofHours(2))).per(StatsQuery.Granularity.DAY)
          .groupedBy(StatsQuery.GroupBy.CAMPAIGN).forAccount("acme")).rows().stream()
          .filter(r -> "spring".equals(r.group())).findFirst().orElseThrow();
      assertThat(spring.complaintRate()).isEqualTo(1.0);
    }
  }

  @Test
  void thePurgeAtStartAndOnDemandKeepsOnlyWhatIsInsideTheRetention() throws Exception {
    state.events().append(List.of(delivered(1, T0), delivered(2, T0.plus(Duration.ofDays(20)))));
    clock.set(T0.plus(RETENTION).plus(Duration.ofHours(2)));

    try (EventLog log = EventLog.start(state.events(), clock, RETENTION, true)) {
      StatsQuery daily = StatsQuery.between(T0, T0.plus(Duration.ofDays(40))).per(StatsQuery.Granularity.DAY);
      // The purge deletes events, then aggregates: wait for both.
      await("the purge at start", () -> log.stats(daily).rows().size() == 1);
      assertThat(log.find(EventQuery.all()).events()).extracting(DeliveryEvent::queueId).containsExactly("Q2");
      assertThat(log.stats(daily).rows()).extracting(StatsRow::bucket)
          .containsExactly(T0.plus(Duration.ofDays(20)).truncatedTo(ChronoUnit.DAYS));

      clock.advance(Duration.ofDays(21));
      assertThat(log.purge()).isEqualTo(1);
      assertThat(log.find(EventQuery.all()).events()).isEmpty();
      assertThat(log.stats(StatsQuery.between(T0, T0.plus(Duration.ofDays(60)))).rows()).isEmpty();
    }
  }

  @Test
  void listenersHearOfEachBatchOnceItIsStoredWithItsIds() throws Exception {
    var heard = new CopyOnWriteArrayList<DeliveryEvent>();
    try (EventLog log = EventLog.start(state.events(), clock, RETENTION, true)) {
      log.onStored(batch -> {
        throw new IllegalStateException("a broken listener");
      });
      log.onStored(batch -> {
        // Stored before the listener hears of it: a reader woken now finds the events.
        assertThat(state.events().count(EventQuery.all().withCursor(EventQuery.cursorAfter(0))
            .withOrder(EventQuery.Order.OLDEST_FIRST))).isGreaterThanOrEqualTo(batch.size());
        heard.addAll(batch);
      });
      log.record(delivered(1, T0));
      log.record(delivered(2, T0));

      assertThat(log.flush(WAIT)).isTrue();
      assertThat(heard).extracting(DeliveryEvent::queueId).containsExactly("Q1", "Q2");
      assertThat(heard).allSatisfy(e -> assertThat(e.id()).isPositive());
      assertThat(log.lost()).isZero();
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(20);
    }
  }

  /** A store that passes everything on, for tests that change one method. */
  private static class Delegating implements EventStore {
    private final EventStore inner;

    Delegating(EventStore inner) {
      this.inner = inner;
    }

    @Override
    public List<DeliveryEvent> append(List<DeliveryEvent> events) {
      return inner.append(events);
    }

    @Override
    public EventPage find(EventQuery query) {
      return inner.find(query);
    }

    @Override
    public long count(EventQuery query) {
      return inner.count(query);
    }

    @Override
    public long newestId() {
      return inner.newestId();
    }

    @Override
    public StatsReport stats(StatsQuery query) {
      return inner.stats(query);
    }

    @Override
    public Optional<DeliveryEvent> latestDelivery(String recipient) {
      return inner.latestDelivery(recipient);
    }

    @Override
    public long purgeBefore(Instant before) {
      return inner.purgeBefore(before);
    }
  }
}
