package dev.outpost.queue;

import static dev.outpost.queue.QueueTestKit.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.DeliveryConfig;
import dev.outpost.config.OutpostConfig;
import dev.outpost.config.RouteConfig;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import dev.outpost.spool.RecipientState;
import dev.outpost.spool.Spool;
import dev.outpost.testkit.ManualClock;
import dev.outpost.testkit.ReceivedMessage;
import dev.outpost.testkit.SinkBehaviour;
import dev.outpost.testkit.SinkStep;
import dev.outpost.testkit.SmtpSink;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class QueueManagerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String BODY = "Subject: test\r\n\r\nHello.\r\n";

  @TempDir Path dir;
  @RegisterExtension final QueueTestKit kit = new QueueTestKit();
  private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
  private Spool spool;
  private SmtpSink sink;

  @BeforeEach
  void setUp() throws Exception {
    spool = kit.openSpool(dir);
    sink = kit.closing(SmtpSink.start());
    kit.captureMailLog();
  }

  private OutpostConfig config(int port, String... domains) {
    Duration t = Duration.ofSeconds(2);
    DeliveryConfig delivery = DeliveryConfig.defaults()
        .withRetrySchedule(List.of(Duration.ofMinutes(5), Duration.ofMinutes(10)), Duration.ofDays(5))
        .withConnections(2, 1000, 100)
        .withTimeouts(t, t, t, t, t, Duration.ofSeconds(2));
    OutpostConfig base = OutpostConfig.defaults();
    return base.withServer(base.server().withHostname("outpost.test"))
        .withRoutes(List.of(new RouteConfig(domains.length == 0 ? List.of("*") : List.of(domains), "127.0.0.1", port)))
        .withDelivery(delivery);
  }

  private QueueManager startQueue(OutpostConfig config) throws Exception {
    return startQueue(config, new RouteResolver(config.routes()));
  }

  private QueueManager startQueue(OutpostConfig config, NextHopResolver resolver) throws Exception {
    return kit.start(new QueueManager(config, spool, clock, resolver));
  }

  private Envelope store(Instant receivedAt, String... recipients) throws Exception {
    return TestSpools.store(spool, receivedAt, BODY, recipients);
  }

  @Test
  void manyMessagesGoOverFewReusedConnections() throws Exception {
    QueueManager queue = startQueue(config(sink.port()));
    for (int i = 0; i < 300; i++) queue.enqueue(store(clock.instant(), "user" + i + "@x.test"));

    List<ReceivedMessage> got = sink.awaitMessages(300, WAIT);

    assertThat(got).hasSize(300);
    assertThat(sink.connectionCount()).isBetween(1, 2);
    await("the queue to empty", () -> queue.size() == 0);
    spool.forEachEnvelope(e -> {
      throw new AssertionError("spool still holds " + e.queueId());
    });
    assertThat(kit.mailLogLines()).filteredOn(l -> l.contains("status=sent")).hasSize(300);
  }

  @Test
  void recipientsOfOneMessageShareATransaction() throws Exception {
    QueueManager queue = startQueue(config(sink.port()));
    queue.enqueue(store(clock.instant(), "a@x.test", "b@x.test", "c@y.test"));

    ReceivedMessage got = sink.awaitMessages(1, WAIT).getFirst();

    assertThat(got.recipients()).containsExactly("a@x.test", "b@x.test", "c@y.test");
    assertThat(got.dataAsString()).startsWith("Received: by outpost.test;").endsWith(BODY);
  }

  @Test
  void transientFailureIsRetriedWhenItsTimeComes() throws Exception {
    sink.behave(SinkBehaviour.accepting().reply(SinkStep.RCPT, "451 4.3.0 try again later"));
    QueueManager queue = startQueue(config(sink.port()));
    Envelope envelope = store(clock.instant(), "a@x.test");
    queue.enqueue(envelope);

    kit.awaitAttempts(envelope.queueId(), 1);
    Envelope deferred = kit.spooled(envelope.queueId());
    Recipient r = deferred.recipients().getFirst();
    assertThat(r.state()).isEqualTo(RecipientState.PENDING);
    assertThat(r.lastReply()).isEqualTo("451 4.3.0 try again later");
    assertThat(deferred.nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(queue.snapshot()).singleElement().satisfies(s -> {
      assertThat(s.active()).isFalse();
      assertThat(s.lastReply()).isEqualTo("451 4.3.0 try again later");
    });

    sink.behave(SinkBehaviour.accepting());
    clock.advance(Duration.ofMinutes(4));
    Thread.sleep(RetryTimer.MAX_SLEEP.toMillis() * 2);
    assertThat(sink.messages()).isEmpty();

    clock.advance(Duration.ofMinutes(1));
    sink.awaitMessages(1, WAIT);
    await("the queue to empty", () -> queue.size() == 0);
    assertThat(kit.spooled(envelope.queueId())).isNull();
  }

  @Test
  void permanentFailureIsRecordedPerRecipient() throws Exception {
    sink.behave(SinkBehaviour.accepting()
        .replyTo("gone@x.test", "550 5.1.1 no such user")
        .replyTo("later@x.test", "452 4.2.2 mailbox full"));
    QueueManager queue = startQueue(config(sink.port()));
    Envelope envelope = store(clock.instant(), "ok@x.test", "gone@x.test", "later@x.test");
    queue.enqueue(envelope);

    kit.awaitAttempts(envelope.queueId(), 1);
    List<Recipient> recipients = kit.spooled(envelope.queueId()).recipients();

    assertThat(recipients).extracting(Recipient::state)
        .containsExactly(RecipientState.DELIVERED, RecipientState.FAILED, RecipientState.PENDING);
    assertThat(recipients.get(1).lastReply()).isEqualTo("550 5.1.1 no such user");
    assertThat(recipients.get(2).lastReply()).isEqualTo("452 4.2.2 mailbox full");
    // The failure DSN for gone@x.test may reach the sink too; it comes from the null sender.
    assertThat(sink.messages()).filteredOn(m -> !m.sender().isEmpty()).singleElement()
        .satisfies(m -> assertThat(m.recipients()).containsExactly("ok@x.test"));
    assertThat(kit.mailLogLines()).anySatisfy(l -> assertThat(l)
        .contains("to=<gone@x.test>", "relay=127.0.0.1[127.0.0.1]:" + sink.port(), "dsn=5.1.1, category=unknown_user",
            "status=bounced (550 5.1.1 no such user)"));
  }

  @Test
  void aNewSchedulerRecoversPendingMessagesFromTheSpool() throws Exception {
    sink.behave(SinkBehaviour.accepting().reply(SinkStep.GREETING, "421 4.3.2 not now"));
    QueueManager first = startQueue(config(sink.port()));
    Envelope deferred = store(clock.instant(), "a@x.test");
    first.enqueue(deferred);
    kit.awaitAttempts(deferred.queueId(), 1);
    first.close();
    Envelope notYetSeen = store(clock.instant(), "b@x.test");

    sink.behave(SinkBehaviour.accepting());
    QueueManager second = startQueue(config(sink.port()));
    // b was never attempted, so it is due at once; a keeps its retry time from before the restart.
    assertThat(sink.awaitMessages(1, WAIT)).extracting(m -> m.recipients().getFirst()).containsExactly("b@x.test");

    clock.advance(Duration.ofMinutes(5));
    assertThat(sink.awaitMessages(2, WAIT)).extracting(m -> m.recipients().getFirst()).contains("a@x.test");
    await("the queue to empty", () -> second.size() == 0);
    assertThat(kit.spooled(notYetSeen.queueId())).isNull();
  }

  @Test
  void deferralPastMaxAgeFailsTheRecipient() throws Exception {
    sink.behave(SinkBehaviour.accepting().reply(SinkStep.RCPT, "451 4.3.0 still busy"));
    QueueManager queue = startQueue(config(sink.port()));
    Envelope old = store(clock.instant().minus(Duration.ofDays(6)), "a@x.test");
    queue.enqueue(old);

    // The failure DSN to the sender stays queued behind the same 451, so wait for the original alone.
    await("the expired message to leave the queue", () -> kit.mailLogLines().contains(old.queueId() + ": removed"));

    assertThat(kit.spooled(old.queueId())).isNull();
    assertThat(kit.mailLogLines()).anySatisfy(l -> assertThat(l).contains(old.queueId(), "dsn=5.4.7, category=expired",
        "status=bounced (expired after 5 days in the queue: last reply 451 4.3.0 still busy)"));
    assertThat(kit.mailLogLines()).anySatisfy(l -> assertThat(l)
        .startsWith(old.queueId() + ": sender non-delivery notification: "));
  }

  @Test
  void recipientWithoutRouteIsDeferredWithAReason() throws Exception {
    QueueManager queue = startQueue(config(sink.port(), "x.test"));
    Envelope envelope = store(clock.instant(), "a@x.test", "b@elsewhere.test");
    queue.enqueue(envelope);

    kit.awaitAttempts(envelope.queueId(), 1);
    List<Recipient> recipients = kit.spooled(envelope.queueId()).recipients();

    assertThat(recipients.get(0).state()).isEqualTo(RecipientState.DELIVERED);
    assertThat(recipients.get(1).state()).isEqualTo(RecipientState.PENDING);
    assertThat(recipients.get(1).lastReply()).isEqualTo("no route for domain elsewhere.test: no [[route]] matches it");
  }

  @Test
  void unreachableDestinationDefersEveryReadyMessage() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    QueueManager queue = startQueue(config(port));
    List<Envelope> envelopes = new ArrayList<>();
    for (int i = 0; i < 20; i++) envelopes.add(store(clock.instant(), "u" + i + "@x.test"));
    envelopes.forEach(queue::enqueue);

    for (Envelope e : envelopes) kit.awaitAttempts(e.queueId(), 1);

    assertThat(kit.spooled(envelopes.getFirst().queueId()).recipients().getFirst().lastReply())
        .contains("connect to 127.0.0.1[127.0.0.1]:" + port + " failed: Connection refused");
    assertThat(queue.snapshot()).hasSize(20).allSatisfy(s -> assertThat(s.active()).isFalse());
    assertThat(queue.destinations().get("127.0.0.1:" + port).connections()).isZero();
  }

  @Test
  void idleConnectionsAreClosedWithQuit() throws Exception {
    OutpostConfig config = config(sink.port());
    Duration t = Duration.ofSeconds(2);
    config = config.withDelivery(config.delivery().withTimeouts(t, t, t, t, t, Duration.ofMillis(300)));
    QueueManager queue = startQueue(config);
    queue.enqueue(store(clock.instant(), "a@x.test"));
    sink.awaitMessages(1, WAIT);

    await("the idle connection to close", () -> sink.commands().contains("QUIT"));
    await("the worker to stop", () -> queue.destinations().get("127.0.0.1:" + sink.port()).workers() == 0);
  }

  @Test
  void anUnexpectedExceptionWhileDeliveringDefersTheJobAndTheQueueGoesOn() throws Exception {
    Envelope broken = store(clock.instant(), "broken@x.test");
    Spool failing = spoolReplacing("openBody", (proxy, method, args) -> {
      if (broken.queueId().equals(args[0])) throw new IllegalStateException("simulated bug");
      return method.invoke(spool, args);
    });
    OutpostConfig config = config(sink.port());
    QueueManager queue = new QueueManager(config, failing, clock, new RouteResolver(config.routes()));
    kit.closing(queue);
    queue.start();
    queue.enqueue(broken);
    kit.awaitAttempts(broken.queueId(), 1);
    Recipient r = kit.spooled(broken.queueId()).recipients().get(0);
    assertThat(r.state()).isEqualTo(RecipientState.PENDING);
    assertThat(r.lastReply()).contains("internal error during delivery").contains("simulated bug");
    assertThat(kit.mailLogLines()).anyMatch(l -> l.contains("dsn=4.3.0") && l.contains("status=deferred"));
    await("the message to be out of its attempt", () -> queue.snapshot().stream().noneMatch(QueueEntrySummary::active));

    Envelope fine = store(clock.instant(), "fine@x.test");
    queue.enqueue(fine);
    sink.awaitMessages(1, WAIT);
    assertThat(sink.messages().get(0).recipients()).containsExactly("fine@x.test");
  }

  @Test
  void everyMessageEnqueuedConcurrentlyIsDelivered() throws Exception {
    // Few workers that go idle quickly and reconnect often: workers start, exit and restart
    // while 20 threads enqueue, which is where a lost wake-up would strand ready jobs.
    Duration t = Duration.ofSeconds(5);
    OutpostConfig base = config(sink.port());
    OutpostConfig config = base.withDelivery(base.delivery().withConnections(3, 7, 100)
        .withTimeouts(t, t, t, t, t, Duration.ofMillis(1)));
    QueueManager queue = startQueue(config);
    int threads = 20;
    int perThread = 100;
    List<Thread> producers = new ArrayList<>();
    for (int p = 0; p < threads; p++) {
      int first = p * perThread;
      producers.add(Thread.ofVirtual().start(() -> {
        for (int i = first; i < first + perThread; i++) {
          try {
            queue.enqueue(store(clock.instant(), "user" + i + "@x.test"));
            if (i % 10 == 0) Thread.sleep(1);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      }));
    }
    for (Thread p : producers) p.join();
    try {
      sink.awaitMessages(threads * perThread, Duration.ofSeconds(30));
    } catch (IllegalStateException e) {
      throw new AssertionError(e.getMessage() + "; queue: " + queue.destinations() + ", "
          + kit.mailLogLines().stream().filter(l -> !l.contains("status=sent") && !l.contains("removed"))
              .limit(5).toList(), e);
    }
    await("the queue to empty", () -> queue.size() == 0);
  }

  @Test
  void dueMessagesBeyondTheReadyLimitWaitCompactAndAreAllDeliveredOnce() throws Exception {
    for (int i = 0; i < 300; i++) store(clock.instant(), "user" + i + "@x.test");
    OutpostConfig config = config(sink.port());
    QueueManager queue = new QueueManager(config, spool, clock, new RouteResolver(config.routes()),
        HardBounceListener.NONE, dev.outpost.events.EventSink.NONE, dev.outpost.metrics.OutpostMetrics.none(), 100);
    kit.closing(queue);

    queue.recover();
    DestinationStatus before = queue.destinations().get("127.0.0.1:" + sink.port());
    assertThat(before.ready()).isEqualTo(300);
    assertThat(before.loaded()).isEqualTo(100);

    queue.start();
    List<ReceivedMessage> got = sink.awaitMessages(300, WAIT);
    await("the queue to empty", () -> queue.size() == 0);
    assertThat(got).hasSize(300);
    assertThat(new HashSet<>(got.stream().map(m -> m.recipients().getFirst()).toList())).hasSize(300);
    assertThat(kit.mailLogLines()).filteredOn(l -> l.contains("status=sent")).hasSize(300);
  }

  @Test
  void parkedMessagesHeldAndReleasedAreDeliveredOnceFromWhereTheyWait() throws Exception {
    for (int i = 0; i < 30; i++) store(clock.instant(), "held" + i + "@x.test");
    OutpostConfig config = config(sink.port());
    QueueManager queue = new QueueManager(config, spool, clock, new RouteResolver(config.routes()),
        HardBounceListener.NONE, dev.outpost.events.EventSink.NONE, dev.outpost.metrics.OutpostMetrics.none(), 10);
    kit.closing(queue);
    queue.recover();
    assertThat(queue.destinations().get("127.0.0.1:" + sink.port()).loaded()).isEqualTo(10);

    queue.administration().hold(new MessageSelector.All());
    queue.administration().release(new MessageSelector.All());
    queue.start();

    List<ReceivedMessage> got = sink.awaitMessages(30, WAIT);
    await("the queue to empty", () -> queue.size() == 0);
    Thread.sleep(300);
    assertThat(sink.messages()).hasSize(30);
    assertThat(new HashSet<>(got.stream().map(m -> m.recipients().getFirst()).toList())).hasSize(30);
  }

  @Test
  void aRecoveryAfterTheStartDeliversWhileItReadsAndNeverBringsBackADeliveredMessage() throws Exception {
    Envelope received = store(clock.instant(), "received@x.test");
    for (int i = 0; i < 50; i++) store(clock.instant(), "queued" + i + "@x.test");
    // The recovery's read of the spool gets to the message received during it only after that
    // message has been delivered and removed: it must not come back from the older read.
    CountDownLatch removed = new CountDownLatch(1);
    Spool slowReader = spoolReplacing("forEachEnvelope", (proxy, method, args) -> {
      @SuppressWarnings("unchecked")
      var action = (java.util.function.Consumer<Envelope>) args[0];
      spool.forEachEnvelope(e -> {
        if (e.queueId().equals(received.queueId())) {
          try {
            assertThat(removed.await(10, TimeUnit.SECONDS)).isTrue();
          } catch (InterruptedException ex) {
            throw new IllegalStateException(ex);
          }
        }
        action.accept(e);
      });
      return null;
    });
    OutpostConfig config = config(sink.port());
    QueueManager queue = new QueueManager(config, slowReader, clock, new RouteResolver(config.routes()));
    kit.closing(queue);
    queue.start();
    queue.enqueue(received);
    queue.recoverInBackground();

    await("the received message to be delivered and removed",
        () -> kit.mailLogLines().contains(received.queueId() + ": removed"));
    removed.countDown();
    assertThat(queue.awaitRecovery(WAIT)).isTrue();
    sink.awaitMessages(51, WAIT);
    await("the queue to empty", () -> queue.size() == 0);

    Thread.sleep(300);
    assertThat(sink.messages()).hasSize(51)
        .filteredOn(m -> m.recipients().contains("received@x.test")).hasSize(1);
    assertThat(kit.spooled(received.queueId())).isNull();
  }

  @Test
  void parkedMessagesOfADestinationThatIsDownWaitForTheRetryWithoutAnAttemptEach() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<Envelope> envelopes = new ArrayList<>();
    for (int i = 0; i < 50; i++) envelopes.add(store(clock.instant(), "u" + i + "@x.test"));
    OutpostConfig config = config(port);
    QueueManager queue = kit.start(new QueueManager(config, spool, clock, new RouteResolver(config.routes()),
        HardBounceListener.NONE, dev.outpost.events.EventSink.NONE, dev.outpost.metrics.OutpostMetrics.none(), 10));

    await("every message to wait for its retry", () -> queue.administration().counts().deferred() == 50);
    assertThat(queue.administration().counts().ready()).isZero();
    long attempted = envelopes.stream().filter(e -> {
      try {
        return kit.spooled(e.queueId()).recipients().getFirst().attempts() > 0;
      } catch (Exception ex) {
        throw new IllegalStateException(ex);
      }
    }).count();
    assertThat(attempted).isEqualTo(10);
    assertThat(kit.mailLogLines()).filteredOn(l -> l.contains("status=deferred")).hasSize(10);

    try (SmtpSink back = SmtpSink.start(port, SinkBehaviour.accepting())) {
      clock.advance(Duration.ofMinutes(5));
      back.awaitMessages(50, WAIT);
    }
  }

  /** The test's spool with the method {@code name} handled by {@code replacement}; every other call goes through. */
  private Spool spoolReplacing(String name, java.lang.reflect.InvocationHandler replacement) {
    return (Spool) java.lang.reflect.Proxy.newProxyInstance(Spool.class.getClassLoader(), new Class<?>[] {Spool.class},
        (proxy, method, args) -> {
          try {
            return method.getName().equals(name) ? replacement.invoke(proxy, method, args) : method.invoke(spool, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
