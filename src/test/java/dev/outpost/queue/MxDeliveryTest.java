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
import dev.outpost.testkit.DnsTestServer;
import dev.outpost.testkit.ManualClock;
import dev.outpost.testkit.ReceivedMessage;
import dev.outpost.testkit.SinkBehaviour;
import dev.outpost.testkit.SinkStep;
import dev.outpost.testkit.SmtpSink;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * Delivery to recipients' own mail servers: a local DNS server publishes MX records that point
 * at sinks on 127.0.0.2, 127.0.0.3, … all listening on the one {@code [delivery] port}.
 */
class MxDeliveryTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String BODY = "Subject: mx\r\n\r\nHello.\r\n";

  @TempDir Path dir;
  @RegisterExtension final QueueTestKit kit = new QueueTestKit();
  private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final List<SmtpSink> sinks = new ArrayList<>();
  private Spool spool;
  private DnsTestServer dns;
  private QueueManager queue;
  private int port;

  @BeforeEach
  void setUp() throws Exception {
    spool = kit.openSpool(dir);
    dns = kit.closing(DnsTestServer.start());
    port = sink("127.0.0.2", SinkBehaviour.accepting()).port();
    sink("127.0.0.3", SinkBehaviour.accepting());
    dns.mx("one.test", 10, "mx.one.test").a("mx.one.test", "127.0.0.2")
        .mx("two.test", 10, "down.two.test").a("down.two.test", "127.0.0.5")
        .mx("two.test", 20, "mx.two.test").a("mx.two.test", "127.0.0.3");
    kit.captureMailLog();
  }

  /** A sink on {@code address} and the shared port (any free one for the first sink). */
  private SmtpSink sink(String address, SinkBehaviour behaviour) throws Exception {
    SmtpSink s = SmtpSink.start(InetAddress.getByName(address), sinks.isEmpty() ? 0 : port, behaviour);
    sinks.add(s);
    return kit.closing(s);
  }

  private QueueManager startQueue(List<RouteConfig> routes) throws Exception {
    Duration t = Duration.ofSeconds(2);
    DeliveryConfig delivery = DeliveryConfig.defaults().withPort(port)
        .withRetrySchedule(List.of(Duration.ofMinutes(5)), Duration.ofDays(5))
        .withTimeouts(t, t, t, t, t, Duration.ofSeconds(1));
    OutpostConfig base = OutpostConfig.defaults();
    OutpostConfig config = base.withServer(base.server().withHostname("outpost.test"))
        .withRoutes(routes)
        .withDns(base.dns().withResolvers(List.of(dns.hostPort())).withTimeout(Duration.ofMillis(300), 1))
        .withDelivery(delivery);
    queue = kit.start(new QueueManager(config, spool, clock));
    return queue;
  }

  private Envelope send(String... recipients) throws Exception {
    Envelope envelope = TestSpools.store(spool, clock.instant(), BODY, recipients);
    queue.enqueue(envelope);
    return envelope;
  }

  private static List<String> recipientsOf(SmtpSink sink) {
    return sink.messages().stream().flatMap(m -> m.recipients().stream()).toList();
  }

  @Test
  void eachDomainGoesToItsOwnMxAndARefusingHostIsSkipped() throws Exception {
    startQueue(List.of());

    send("a@one.test", "b@two.test", "c@TWO.test");

    sinks.get(0).awaitMessages(1, WAIT);
    sinks.get(1).awaitMessages(1, WAIT);
    assertThat(recipientsOf(sinks.get(0))).containsExactly("a@one.test");
    assertThat(recipientsOf(sinks.get(1))).containsExactly("b@two.test", "c@TWO.test");
    await("the queue to empty", () -> queue.size() == 0);
    assertThat(kit.mailLogLines()).anySatisfy(l -> assertThat(l)
        .contains("to=<b@two.test>", "relay=mx.two.test[127.0.0.3]:" + port, "status=sent"));
    assertThat(queue.destinations()).containsOnlyKeys("one.test", "two.test");
  }

  @Test
  void greetingsOf421And554AndDeadAddressesMoveOnToTheNextOne() throws Exception {
    SmtpSink busy = sink("127.0.0.4", SinkBehaviour.accepting().reply(SinkStep.GREETING, "421 4.7.0 busy, later"));
    SmtpSink closed = sink("127.0.0.5", SinkBehaviour.accepting().reply(SinkStep.GREETING, "554 5.7.1 no service"));
    dns.mx("picky.test", 10, "busy.picky.test").a("busy.picky.test", "127.0.0.4")
        .mx("picky.test", 20, "closed.picky.test").a("closed.picky.test", "127.0.0.5")
        .mx("picky.test", 30, "last.picky.test").a("last.picky.test", "127.0.0.6", "127.0.0.3");
    startQueue(List.of());

    send("x@picky.test");

    ReceivedMessage got = sinks.get(1).awaitMessages(1, WAIT).getFirst();
    assertThat(got.recipients()).containsExactly("x@picky.test");
    assertThat(busy.connectionCount()).isEqualTo(1);
    assertThat(closed.connectionCount()).isEqualTo(1);
    assertThat(busy.messages()).isEmpty();
    assertThat(closed.messages()).isEmpty();
  }

  @Test
  void whenEveryHostFailsTheRecipientIsDeferredWithATransientCode() throws Exception {
    sink("127.0.0.4", SinkBehaviour.accepting().reply(SinkStep.GREETING, "554 5.7.1 no service"));
    dns.mx("hostile.test", 10, "mx.hostile.test").a("mx.hostile.test", "127.0.0.6", "127.0.0.4");
    startQueue(List.of());

    Envelope envelope = send("x@hostile.test");

    await("the attempt", () -> kit.mailLogLines().stream().anyMatch(l -> l.contains("status=deferred")));
    assertThat(kit.mailLogLines()).anySatisfy(l -> assertThat(l).contains("to=<x@hostile.test>", "dsn=4.7.1",
        "status=deferred (host mx.hostile.test[127.0.0.4]:" + port + " refused to talk to me: 554 5.7.1 no service)"));
    kit.awaitDeferral(envelope);
  }

  @Test
  void aDomainThatDoesNotExistOrTakesNoMailFailsAtOnceWithTheReason() throws Exception {
    dns.nullMx("nomail.test");
    startQueue(List.of());

    Envelope envelope = send("a@one.test", "x@missing.test", "y@missing.test", "z@nomail.test");

    sinks.get(0).awaitMessages(1, WAIT);
    await("the queue to empty", () -> queue.size() == 0);
    assertThat(kit.spooled(envelope.queueId())).isNull();
    assertThat(kit.mailLogLines()).anySatisfy(l -> assertThat(l).contains("to=<x@missing.test>", "relay=none",
        "dsn=5.1.2", "status=bounced (domain missing.test does not exist (DNS: NXDOMAIN))"));
    assertThat(kit.mailLogLines()).anySatisfy(l -> assertThat(l).contains("to=<y@missing.test>", "dsn=5.1.2"));
    assertThat(kit.mailLogLines()).anySatisfy(l -> assertThat(l).contains("to=<z@nomail.test>", "dsn=5.1.10",
        "status=bounced (domain nomail.test does not accept mail (null MX))"));
  }

  @Test
  void aDnsFailureDefersUntilTheDnsRecovers() throws Exception {
    dns.mx("flaky.test", 10, "mx.one.test").fail("flaky.test", DnsTestServer.Failure.SERVFAIL);
    startQueue(List.of());

    Envelope envelope = send("x@flaky.test");

    kit.awaitDeferral(envelope);
    Recipient r = kit.spooled(envelope.queueId()).recipients().getFirst();
    assertThat(r.state()).isEqualTo(RecipientState.PENDING);
    assertThat(r.lastReply()).isEqualTo("DNS lookup of flaky.test MX failed: SERVFAIL from " + dns.hostPort()
        + " for flaky.test. MX");
    assertThat(kit.mailLogLines()).anySatisfy(l -> assertThat(l)
        .contains("to=<x@flaky.test>", "dsn=4.4.3", "status=deferred"));

    dns.heal("flaky.test");
    clock.advance(Duration.ofMinutes(5));

    assertThat(sinks.get(0).awaitMessages(1, WAIT).getFirst().recipients()).containsExactly("x@flaky.test");
    await("the queue to empty", () -> queue.size() == 0);
  }

  @Test
  void aStaticRouteStillWinsOverMx() throws Exception {
    startQueue(List.of(new RouteConfig(List.of("one.test"), "127.0.0.3", port)));

    send("a@one.test", "b@two.test");

    await("both deliveries", () -> recipientsOf(sinks.get(1)).size() == 2);
    assertThat(recipientsOf(sinks.get(1))).containsExactlyInAnyOrder("a@one.test", "b@two.test");
    assertThat(sinks.get(0).messages()).isEmpty();
    assertThat(dns.queryCount("one.test", Type.MX)).isZero();
  }
}
