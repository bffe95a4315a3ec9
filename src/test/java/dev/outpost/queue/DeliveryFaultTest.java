package dev.outpost.queue;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.outpost.config.DeliveryConfig;
import dev.outpost.config.OutpostConfig;
import dev.outpost.config.RouteConfig;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import dev.outpost.spool.RecipientState;
import dev.outpost.spool.Spool;
import dev.outpost.testkit.DnsTestServer;
import dev.outpost.testkit.ManualClock;
import dev.outpost.testkit.ReceivedMessage;
import dev.outpost.testkit.SinkBehaviour;
import dev.outpost.testkit.SinkStep;
import dev.outpost.testkit.SmtpSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * Faults on the receiving side, through the real queue with the default retry schedule (5, 10, 20,
 * 40 minutes, then hourly) on a simulated clock: a receiver that is down for an hour, DNS that
 * fails or does not answer for an hour, and a receiver that stalls in the middle of DATA. In each
 * the mail is deferred at every attempt, never bounced, and delivered once the fault is gone.
 */
class DeliveryFaultTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");
  /** Minutes after arrival of the attempts within the first hour under the default schedule. */
  private static final int[] ATTEMPTS_IN_THE_FIRST_HOUR = {0, 5, 15, 35};
  /** The next attempt after those: 35 minutes plus the schedule's fourth delay, 40 minutes. */
  private static final int FIRST_ATTEMPT_AFTER_AN_HOUR = 75;

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(START);
  private final ListAppender<ILoggingEvent> mailLog = new ListAppender<>();
  private final List<AutoCloseable> resources = new ArrayList<>();
  private Spool spool;
  private QueueManager queue;

  @BeforeEach
  void setUp() throws Exception {
    spool = TestSpools.open(dir);
    mailLog.start();
    ((Logger) LoggerFactory.getLogger("outpost.mail")).addAppender(mailLog);
  }

  @AfterEach
  void tearDown() throws Exception {
    ((Logger) LoggerFactory.getLogger("outpost.mail")).detachAppender(mailLog);
    if (queue != null) queue.close();
    for (AutoCloseable r : resources.reversed()) r.close();
    spool.close();
  }

  @Test
  void aReceiverDownForAnHourGetsEveryMessageWhenItComesBack() throws Exception {
    int port = freePort();
    startQueue(base().withRoutes(List.of(new RouteConfig(List.of("*"), "127.0.0.1", port))));
    List<Envelope> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) sent.add(send("reader" + i + "@down.test"));

    sitOutTheFirstHour(sent, "connect to 127.0.0.1[127.0.0.1]:" + port + " failed: Connection refused");

    SmtpSink sink = keep(SmtpSink.start(InetAddress.getLoopbackAddress(), port, SinkBehaviour.accepting()));
    clock.set(START.plus(Duration.ofMinutes(FIRST_ATTEMPT_AFTER_AN_HOUR)));
    List<ReceivedMessage> got = sink.awaitMessages(sent.size(), WAIT);
    assertThat(got).flatExtracting(ReceivedMessage::recipients)
        .containsExactlyInAnyOrderElementsOf(sent.stream().map(e -> e.recipients().getFirst().address()).toList());
    await("the queue to empty", () -> queue.size() == 0);
    assertThat(mailLogLines()).filteredOn(l -> l.contains("status=sent")).hasSize(sent.size());
    assertThat(mailLogLines()).noneMatch(l -> l.contains("status=bounced"));
  }

  @ParameterizedTest
  @EnumSource(names = {"SERVFAIL", "DROP"})
  void dnsFailingForAnHourDefersAndNeverBounces(DnsTestServer.Failure failure) throws Exception {
    DnsTestServer dns = keep(DnsTestServer.start());
    SmtpSink sink = keep(SmtpSink.start(InetAddress.getByName("127.0.0.2"), 0, SinkBehaviour.accepting()));
    dns.mx("flaky.test", 10, "mx.flaky.test").a("mx.flaky.test", "127.0.0.2").fail("flaky.test", failure);
    OutpostConfig base = base();
    startQueue(base.withDns(base.dns().withResolvers(List.of(dns.hostPort())).withTimeout(Duration.ofMillis(300), 1))
        .withDelivery(base.delivery().withPort(sink.port())));
    List<Envelope> sent = List.of(send("a@flaky.test"), send("b@flaky.test"), send("c@flaky.test"));

    sitOutTheFirstHour(sent, "DNS lookup of flaky.test MX failed");
    assertThat(mailLogLines()).filteredOn(l -> l.contains("status=deferred")).allMatch(l -> l.contains("dsn=4.4.3"));

    dns.heal("flaky.test");
    clock.set(START.plus(Duration.ofMinutes(FIRST_ATTEMPT_AFTER_AN_HOUR)));
    assertThat(sink.awaitMessages(sent.size(), WAIT)).flatExtracting(ReceivedMessage::recipients)
        .containsExactlyInAnyOrder("a@flaky.test", "b@flaky.test", "c@flaky.test");
    await("the queue to empty", () -> queue.size() == 0);
    assertThat(mailLogLines()).noneMatch(l -> l.contains("status=bounced"));
  }

  /**
   * The receiver stops reading after the first line of a 16 MB message, so the client's writes
   * back up (the write timeout), or takes the whole message and never answers the dot (the read
   * timeout). Either way the attempt ends at the configured timeout and the message is retried.
   */
  @ParameterizedTest
  @EnumSource(names = {"DATA_CONTENT", "END_OF_DATA"})
  void aReceiverThatStallsInDataTimesOutAndGetsTheMessageOnTheRetry(SinkStep stall) throws Exception {
    SmtpSink sink = keep(SmtpSink.start(InetAddress.getLoopbackAddress(), 0, SinkBehaviour.accepting().stallAt(stall)));
    Duration t = Duration.ofSeconds(1);
    OutpostConfig base = base();
    startQueue(base.withRoutes(List.of(new RouteConfig(List.of("*"), "127.0.0.1", sink.port())))
        .withDelivery(base.delivery().withTimeouts(t, t, t, t, t, Duration.ofSeconds(1))));
    String line = "x".repeat(76) + "\r\n";
    String body = "Subject: big\r\n\r\n" + line.repeat(16 * 1024 * 1024 / line.length());
    Envelope envelope = TestSpools.store(spool, clock.instant(), body, "big@stall.test");
    long began = System.nanoTime();
    queue.enqueue(envelope);

    awaitAttempts(List.of(envelope), 1);
    Duration took = Duration.ofNanos(System.nanoTime() - began);
    Recipient r = spool.envelope(envelope.queueId()).recipients().getFirst();
    assertThat(r.state()).isEqualTo(RecipientState.PENDING);
    assertThat(r.lastReply()).startsWith("timeout after 1s with 127.0.0.1[127.0.0.1]:" + sink.port())
        .endsWith(stall == SinkStep.DATA_CONTENT ? "during sending the message" : "while waiting for the reply to end of data");
    assertThat(took).as("the attempt ends at the timeout").isLessThan(Duration.ofSeconds(10));
    assertThat(sink.messages()).isEmpty();

    sink.behave(SinkBehaviour.accepting());
    clock.advance(Duration.ofMinutes(5));
    ReceivedMessage got = sink.awaitMessages(1, WAIT).getFirst();
    assertThat(got.dataAsString()).endsWith(body);
    await("the queue to empty", () -> queue.size() == 0);
    assertThat(sink.messages()).hasSize(1);
  }

  /**
   * Moves the clock through the attempts of the first hour, checking after each that every
   * message was tried, is still pending with {@code reason} and due again, and that nothing
   * bounced; then moves it to the hour.
   */
  private void sitOutTheFirstHour(List<Envelope> sent, String reason) throws Exception {
    for (int attempt = 1; attempt <= ATTEMPTS_IN_THE_FIRST_HOUR.length; attempt++) {
      clock.set(START.plus(Duration.ofMinutes(ATTEMPTS_IN_THE_FIRST_HOUR[attempt - 1])));
      awaitAttempts(sent, attempt);
      Instant nextDue = START.plus(Duration.ofMinutes(attempt < ATTEMPTS_IN_THE_FIRST_HOUR.length
          ? ATTEMPTS_IN_THE_FIRST_HOUR[attempt] : FIRST_ATTEMPT_AFTER_AN_HOUR));
      for (Envelope e : sent) {
        Envelope stored = spool.envelope(e.queueId());
        assertThat(stored.nextAttemptAt()).isEqualTo(nextDue);
        assertThat(stored.recipients()).allSatisfy(r -> {
          assertThat(r.state()).isEqualTo(RecipientState.PENDING);
          assertThat(r.lastReply()).contains(reason);
        });
      }
      assertThat(mailLogLines()).noneMatch(l -> l.contains("status=bounced") || l.contains("notification"));
    }
    clock.set(START.plus(Duration.ofHours(1)));
    Thread.sleep(RetryTimer.MAX_SLEEP.toMillis() * 2);
    for (Envelope e : sent) {
      assertThat(spool.envelope(e.queueId()).recipients()).allMatch(r -> r.attempts() == ATTEMPTS_IN_THE_FIRST_HOUR.length);
    }
  }

  private OutpostConfig base() {
    Duration t = Duration.ofSeconds(2);
    OutpostConfig defaults = OutpostConfig.defaults();
    DeliveryConfig delivery = DeliveryConfig.defaults().withTimeouts(t, t, t, t, t, Duration.ofSeconds(1));
    return defaults.withServer(defaults.server().withHostname("outpost.test")).withDelivery(delivery);
  }

  private void startQueue(OutpostConfig config) throws IOException {
    queue = new QueueManager(config, spool, clock);
    queue.recover();
    queue.start();
  }

  private Envelope send(String recipient) throws IOException {
    Envelope envelope = TestSpools.store(spool, clock.instant(), "Subject: fault\r\n\r\nHello.\r\n", recipient);
    queue.enqueue(envelope);
    return envelope;
  }

  private <T extends AutoCloseable> T keep(T resource) {
    resources.add(resource);
    return resource;
  }

  private void awaitAttempts(List<Envelope> envelopes, int attempts) throws InterruptedException {
    await("every message to have " + attempts + " attempt(s)", () -> envelopes.stream().allMatch(e -> {
      try {
        Envelope stored = spool.envelope(e.queueId());
        return stored != null && stored.recipients().stream().allMatch(r -> r.attempts() >= attempts)
            && queue.snapshot().stream().noneMatch(QueueEntrySummary::active);
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }));
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(10);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private List<String> mailLogLines() {
    // Delivery threads append while a test reads; AppenderBase.doAppend holds the appender's monitor.
    synchronized (mailLog) {
      return mailLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }
}
