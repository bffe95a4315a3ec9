package dev.outpost.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.config.DeliveryConfig;
import dev.outpost.config.OutpostConfig;
import dev.outpost.config.RouteConfig;
import dev.outpost.events.DeliveryEvent;
import dev.outpost.metrics.OutpostMetrics;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.Spool;
import dev.outpost.testkit.ManualClock;
import dev.outpost.testkit.SinkBehaviour;
import dev.outpost.testkit.SinkStep;
import dev.outpost.testkit.SmtpSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operator actions on a real queue, spool and sink, with a clock the test moves. */
class QueueAdministrationTest {
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(START);
  private Spool spool;
  private SmtpSink sink;
  private QueueManager queue;
  private final List<DeliveryEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    spool = TestSpools.open(dir);
    sink = SmtpSink.start(SinkBehaviour.accepting().reply(SinkStep.RCPT, "451 4.3.0 try later"));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (queue != null) queue.close();
    sink.close();
    spool.close();
  }

  private QueueManager start() throws Exception {
    Duration t = Duration.ofSeconds(1);
    OutpostConfig base = OutpostConfig.defaults();
    OutpostConfig config = base.withServer(base.server().withHostname("outpost.test"))
        .withRoutes(List.of(new RouteConfig(List.of("*"), "127.0.0.1", sink.port())))
        .withDelivery(DeliveryConfig.defaults().withTimeouts(t, t, t, t, t, t));
    queue = new QueueManager(config, spool, clock, new RouteResolver(config.routes()), HardBounceListener.NONE,
        events::add, OutpostMetrics.none());
    queue.recover();
    queue.start();
    return queue;
  }

  @Test
  void aHeldEnvelopeIsRecoveredHeldAndNotDispatchedEvenWhenDue() throws Exception {
    Envelope e = TestSpools.store(spool, START, "Subject: x\r\n\r\nx\r\n", "a@one.test");
    spool.update(e.withHeld(true));
    sink.behave(SinkBehaviour.accepting());
    start();

    Thread.sleep(500);
    assertThat(sink.messages()).isEmpty();
    assertThat(queue.administration().summary()).singleElement().satisfies(d -> {
      assertThat(d.held()).isEqualTo(1);
      assertThat(d.state()).isEqualTo("held");
    });
    assertThat(queue.administration().release(new MessageSelector.ById(e.queueId())).changed()).isEqualTo(1);
    assertThat(spool.envelope(e.queueId()).held()).isFalse();
    assertThat(sink.awaitMessages(1, Duration.ofSeconds(5))).hasSize(1);
  }

  @Test
  void holdAndReleaseAreWrittenToTheEnvelope() throws Exception {
    start();
    Envelope e = TestSpools.store(spool, START, "Subject: x\r\n\r\nx\r\n", "a@one.test", "b@two.test");
    queue.enqueue(e);
    await("the first deferral", () -> spoolAttempts(e.queueId()) == 1);

    QueueActionResult held = queue.administration().hold(new MessageSelector.ByDomain("TWO.test"));
    assertThat(held).isEqualTo(new QueueActionResult(1, Map.of()));
    assertThat(spool.envelope(e.queueId()).held()).isTrue();
    assertThat(queue.administration().hold(new MessageSelector.All()).skipped()).containsEntry("already on hold", 1);
    assertThat(queue.administration().list(null, 10)).singleElement().satisfies(s -> {
      assertThat(s.held()).isTrue();
      assertThat(s.domains()).containsExactly("one.test", "two.test");
      assertThat(s.lastReply()).isEqualTo("451 4.3.0 try later");
    });

    sink.behave(SinkBehaviour.accepting());
    clock.advance(Duration.ofHours(1));
    Thread.sleep(500);
    assertThat(sink.messages()).isEmpty();

    assertThat(queue.administration().release(new MessageSelector.ByDomain("one.test")).changed()).isEqualTo(1);
    assertThat(spool.envelope(e.queueId()).held()).isFalse();
    assertThat(sink.awaitMessages(1, Duration.ofSeconds(5))).hasSize(1);
    await("the queue to empty", () -> queue.size() == 0);
  }

  @Test
  void aHoldDuringAnAttemptIsPersistedWhenTheAttemptEnds() throws Exception {
    sink.behave(SinkBehaviour.accepting().stallAt(SinkStep.RCPT));
    start();
    Envelope e = TestSpools.store(spool, START, "Subject: x\r\n\r\nx\r\n", "a@one.test");
    queue.enqueue(e);
    await("the attempt to start", () -> queue.snapshot().getFirst().active());

    assertThat(queue.administration().hold(new MessageSelector.ById(e.queueId())).changed()).isEqualTo(1);
    assertThat(queue.administration().delete(new MessageSelector.ById(e.queueId()), false).skipped())
        .containsOnlyKeys("being delivered now (try again when the attempt ends)");
    await("the attempt to time out", () -> spoolAttempts(e.queueId()) == 1);
    assertThat(spool.envelope(e.queueId()).held()).isTrue();
    assertThat(queue.administration().retry(new MessageSelector.All()).skipped())
        .containsOnlyKeys("on hold (release it first)");
  }

  @Test
  void deleteRemovesFromQueueAndSpool() throws Exception {
    start();
    Envelope e = TestSpools.store(spool, START, "Subject: x\r\n\r\nx\r\n", "a@one.test");
    queue.enqueue(e);
    await("the first deferral", () -> spoolAttempts(e.queueId()) == 1);

    assertThat(queue.administration().delete(new MessageSelector.ById(e.queueId()), false).changed()).isEqualTo(1);
    assertThat(queue.size()).isZero();
    assertThat(events).extracting(DeliveryEvent::type)
        .containsExactly(DeliveryEvent.Type.DEFERRED, DeliveryEvent.Type.BOUNCED);
    assertThat(events.get(1).reply()).isEqualTo(OutcomeRecorder.DELETED_BY_OPERATOR);
    assertThat(events.get(1).remoteHost()).isEqualTo(OutcomeRecorder.NO_RELAY);
    assertThat(spool.envelope(e.queueId())).isNull();
    assertThatThrownBy(() -> queue.administration().show(e.queueId())).isInstanceOf(NoSuchMessageException.class)
        .hasMessage("no message " + e.queueId() + " in the queue");
  }

  private int spoolAttempts(String id) {
    try {
      Envelope e = spool.envelope(id);
      return e == null ? -1 : e.recipients().getFirst().attempts();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(20);
    }
  }
}
