package dev.outpost.queue;

import static dev.outpost.queue.QueueTestKit.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.DeliveryConfig;
import dev.outpost.config.OutpostConfig;
import dev.outpost.config.ShapingConfig;
import dev.outpost.events.DeliveryEvent;
import dev.outpost.metrics.OutpostMetrics;
import dev.outpost.shaping.Rate;
import dev.outpost.shaping.SiteLimits;
import dev.outpost.shaping.SiteProfile;
import dev.outpost.shaping.SiteProfiles;
import dev.outpost.shaping.SiteStatus;
import dev.outpost.spool.Envelope;
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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traffic shaping measured at the receiver: sinks on 127.0.0.20 behind the DNS test server stand
 * in for a provider's MX hosts, and the tests read arrival times, peak connections and the
 * shaper's live state.
 */
class ShapedDeliveryTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String BODY = "Subject: shaped\r\n\r\nHello.\r\n";
  private static final Duration SUSPEND = Duration.ofMinutes(1);

  @TempDir Path dir;
  @RegisterExtension final QueueTestKit kit = new QueueTestKit();
  private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
  private Spool spool;
  private DnsTestServer dns;
  private SmtpSink sink;
  private QueueManager queue;
  private RoutesThenMx routing;
  private final List<DeliveryEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    spool = kit.openSpool(dir);
    dns = kit.closing(DnsTestServer.start());
    sink = kit.closing(SmtpSink.start(InetAddress.getByName("127.0.0.20"), 0, SinkBehaviour.accepting()));
    dns.mx("alpha.test", 10, "mx1.provider.test").a("mx1.provider.test", "127.0.0.20")
        .mx("beta.test", 10, "mx2.provider.test").a("mx2.provider.test", "127.0.0.20");
  }

  private static SiteProfile provider(int connections, int perConnection, Rate rate) {
    return new SiteProfile("provider", List.of("*.provider.test"),
        new SiteLimits(connections, perConnection, rate, 100, SUSPEND, Duration.ofMinutes(1)));
  }

  private void start(SiteProfile profile) throws Exception {
    start(profile, UnaryOperator.identity());
  }

  private void start(SiteProfile profile, UnaryOperator<OutpostConfig> more) throws Exception {
    Duration t = Duration.ofSeconds(2);
    DeliveryConfig delivery = DeliveryConfig.defaults().withPort(sink.port())
        .withRetrySchedule(List.of(Duration.ofMinutes(5)), Duration.ofDays(5))
        .withTimeouts(t, t, t, t, t, Duration.ofSeconds(1));
    OutpostConfig base = OutpostConfig.defaults();
    OutpostConfig config = more.apply(base.withServer(base.server().withHostname("outpost.test"))
        .withDns(base.dns().withResolvers(List.of(dns.hostPort())).withTimeout(Duration.ofMillis(300), 1))
        .withDelivery(delivery)
        .withShaping(new ShapingConfig(true, SiteProfiles.builtIn().with(List.of(profile)))));
    routing = RoutesThenMx.of(config, clock);
    queue = kit.start(new QueueManager(config, spool, clock, routing, HardBounceListener.NONE, events::add,
        OutpostMetrics.none()));
  }

  private Envelope send(String... recipients) throws Exception {
    Envelope envelope = TestSpools.store(spool, clock.instant(), BODY, recipients);
    queue.enqueue(envelope);
    return envelope;
  }

  private SiteStatus providerStatus() {
    return routing.shaper().sites().stream()
        .filter(s -> s.site().equals("provider")).findFirst().orElseThrow();
  }

  @Test
  void aRateOfFivePerSecondHoldsInEveryOneSecondWindowAtTheReceiver() throws Exception {
    start(provider(3, 100, Rate.parse("5/s")));

    for (int i = 0; i < 20; i++) send("r" + i + (i % 2 == 0 ? "@alpha.test" : "@beta.test"));

    List<Instant> arrivals = sink.awaitMessages(20, WAIT).stream().map(ReceivedMessage::arrivedAt).sorted().toList();
    for (int i = 0; i + 5 < arrivals.size(); i++) {
      assertThat(Duration.between(arrivals.get(i), arrivals.get(i + 5)))
          .as("messages %d and %d arrived less than a second apart", i, i + 5)
          .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }
    assertThat(Duration.between(arrivals.getFirst(), arrivals.getLast())).isGreaterThanOrEqualTo(Duration.ofSeconds(3))
        .isLessThan(Duration.ofSeconds(6));
  }

  @Test
  void aShapedDeliveryIsRecordedUnderItsSiteAndTheAddressItWentOutFrom() throws Exception {
    start(provider(2, 10, Rate.UNLIMITED));

    Envelope sent = send("reader@alpha.test");

    await("the delivery event", () -> events.stream().anyMatch(e -> e.type() == DeliveryEvent.Type.DELIVERED));
    DeliveryEvent delivered = events.stream().filter(e -> e.type() == DeliveryEvent.Type.DELIVERED).findFirst().orElseThrow();
    assertThat(delivered.queueId()).isEqualTo(sent.queueId());
    assertThat(delivered.site()).isEqualTo("provider");
    assertThat(delivered.sourceIp()).startsWith("127.");
    assertThat(delivered.remoteHost()).startsWith("mx1.provider.test[127.0.0.20]");
    assertThat(delivered.recipientDomain()).isEqualTo("alpha.test");
  }

  @Test
  void domainsUnderOneSiteShareOneBucketAndItsConnectionCap() throws Exception {
    start(provider(2, 1, Rate.UNLIMITED));

    for (int i = 0; i < 12; i++) send("r" + i + (i % 2 == 0 ? "@alpha.test" : "@beta.test"));

    sink.awaitMessages(12, WAIT);
    await("the queue to empty", () -> queue.size() == 0);
    assertThat(sink.connectionCount()).as("one message per connection").isEqualTo(12);
    assertThat(sink.peakConnections()).isLessThanOrEqualTo(2);
    assertThat(routing.shaper().sites()).extracting(SiteStatus::site, SiteStatus::source)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("provider", "any"));
    assertThat(queue.destinations()).containsOnlyKeys("alpha.test", "beta.test");
  }

  @Test
  void aRateLimitReplySuspendsTheSiteHalvesItsRateAndItRecoversWithoutBouncing() throws Exception {
    sink.behave(SinkBehaviour.accepting().reply(SinkStep.MAIL,
        "421 4.7.28 Our system has detected an unusual rate of unsolicited mail"));
    start(provider(2, 100, Rate.parse("10/s")));

    Envelope first = send("a@alpha.test");
    await("the deferral", () -> queue.size() == 1 && !queue.snapshot().getFirst().active()
        && queue.snapshot().getFirst().lastReply() != null);
    SiteStatus slowed = providerStatus();
    assertThat(slowed.suspendedUntil()).isEqualTo(clock.instant().plus(SUSPEND));
    assertThat(slowed.reason()).contains("4.7.28");
    assertThat(slowed.currentRate()).isEqualTo(Rate.parse("5/s"));
    assertThat(slowed.configuredRate()).isEqualTo(Rate.parse("10/s"));

    // While suspended, nothing connects: beta.test, the same site, is deferred too.
    sink.behave(SinkBehaviour.accepting());
    int connections = sink.connectionCount();
    Envelope second = send("b@beta.test");
    await("the second deferral", () -> spooledState(second) != null && spooledState(second).attempts() == 1);
    assertThat(sink.connectionCount()).isEqualTo(connections);
    assertThat(spooledState(second).lastReply()).contains("site provider suspended", "4.7.28");

    clock.advance(SUSPEND.plusSeconds(1));
    queue.flush();
    sink.awaitMessages(2, WAIT);
    await("the queue to empty", () -> queue.size() == 0);
    assertThat(providerStatus().suspendedUntil()).isNull();
    assertThat(providerStatus().currentRate().messages()).isLessThan(10);

    clock.advance(Duration.ofMinutes(10));
    assertThat(providerStatus().currentRate()).isEqualTo(Rate.parse("10/s"));
    assertThat(providerStatus().reason()).isNull();
    assertThat(providerStatus().lastSlowDown()).isNotNull();
    assertThat(kit.spooled(first.queueId())).as("delivered, not bounced").isNull();
  }

  private dev.outpost.spool.Recipient spooledState(Envelope envelope) {
    try {
      Envelope e = kit.spooled(envelope.queueId());
      return e == null ? null : e.recipients().getFirst();
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }

  @Test
  void aPlain421HalvesTheRateWithoutSuspending() throws Exception {
    sink.behave(SinkBehaviour.accepting().reply(SinkStep.MAIL, "421 4.3.2 shutting down, come back later"));
    start(provider(2, 100, Rate.parse("10/s")));

    send("a@alpha.test");
    await("the slow-down", () -> routing.shaper().sites().stream().anyMatch(SiteStatus::slowed));
    SiteStatus status = providerStatus();
    assertThat(status.suspendedUntil()).isNull();
    assertThat(status.currentRate()).isEqualTo(Rate.parse("5/s"));
    await("the deferral", () -> !queue.snapshot().getFirst().active());
    assertThat(queue.snapshot().getFirst().pendingRecipients()).isEqualTo(1);
  }
}
