package dev.outpost.queue;

import static dev.outpost.queue.QueueTestKit.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.DeliveryConfig;
import dev.outpost.config.OutpostConfig;
import dev.outpost.config.PoolConfig;
import dev.outpost.config.RouteConfig;
import dev.outpost.config.ShapingConfig;
import dev.outpost.config.TlsPolicyConfig;
import dev.outpost.config.TlsPolicyLevel;
import dev.outpost.shaping.Rate;
import dev.outpost.shaping.SiteLimits;
import dev.outpost.shaping.SiteProfile;
import dev.outpost.shaping.SiteProfiles;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import dev.outpost.spool.Spool;
import dev.outpost.testkit.DnsTestServer;
import dev.outpost.testkit.ManualClock;
import dev.outpost.testkit.ReceivedMessage;
import dev.outpost.testkit.SinkBehaviour;
import dev.outpost.testkit.SmtpSink;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Source address pools and per-domain TLS policy, seen from the receiving side: which address the
 * sink saw each message come from and what EHLO said, and whether a message ever crossed in clear.
 */
class PoolsAndTlsDeliveryTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String BODY = "Subject: pools\r\n\r\nHello.\r\n";

  @TempDir Path dir;
  @RegisterExtension final QueueTestKit kit = new QueueTestKit();
  private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
  private Spool spool;
  private DnsTestServer dns;
  private SmtpSink sink;
  private QueueManager queue;

  @BeforeEach
  void setUp() throws Exception {
    spool = kit.openSpool(dir);
    dns = kit.closing(DnsTestServer.start());
    sink = kit.closing(SmtpSink.start(InetAddress.getByName("127.0.0.30"), 0, SinkBehaviour.accepting()));
    dns.mx("pooled.test", 10, "mx.pooled.test").a("mx.pooled.test", "127.0.0.30")
        .mx("secure.test", 10, "mx.secure.test").a("mx.secure.test", "127.0.0.30")
        .mx("verified.test", 10, "mx.verified.test").a("mx.verified.test", "127.0.0.30");
  }

  private void start(UnaryOperator<OutpostConfig> more) throws Exception {
    Duration t = Duration.ofSeconds(2);
    DeliveryConfig delivery = DeliveryConfig.defaults().withPort(sink.port())
        .withRetrySchedule(List.of(Duration.ofMinutes(5)), Duration.ofDays(5))
        .withTimeouts(t, t, t, t, t, Duration.ofSeconds(1))
        .withConnections(4, 1, 100);
    OutpostConfig base = OutpostConfig.defaults();
    // One message per connection, so that every message shows a fresh choice of source address.
    SiteLimits onePerConnection = new SiteLimits(20, 1, Rate.UNLIMITED, 100, Duration.ofMinutes(1),
        Duration.ofMinutes(1));
    OutpostConfig config = more.apply(base.withServer(base.server().withHostname("outpost.test"))
        .withDns(base.dns().withResolvers(List.of(dns.hostPort())).withTimeout(Duration.ofMillis(300), 1))
        .withDelivery(delivery)
        .withShaping(new ShapingConfig(true, SiteProfiles.builtIn().with(
            List.of(new SiteProfile("default", List.of(), onePerConnection))))));
    queue = kit.start(new QueueManager(config, spool, clock));
  }

  private static PoolConfig.Member member(String address, String ehlo, int weight) {
    try {
      return new PoolConfig.Member(InetAddress.getByName(address), ehlo, weight);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private Envelope send(String recipient) throws Exception {
    Envelope envelope = TestSpools.store(spool, clock.instant(), BODY, recipient);
    queue.enqueue(envelope);
    return envelope;
  }

  private Recipient spooled(Envelope envelope) throws Exception {
    Envelope e = kit.spooled(envelope.queueId());
    return e == null ? null : e.recipients().getFirst();
  }

  @Test
  void connectionsComeFromEveryPoolAddressSayingItsOwnEhloName() throws Exception {
    start(c -> c.withPools(List.of(new PoolConfig("mta", List.of(member("127.0.0.2", "mta2.outpost.test", 1),
        member("127.0.0.3", "mta3.outpost.test", 1)), List.of("*")))));

    for (int i = 0; i < 16; i++) send("r" + i + "@pooled.test");

    List<ReceivedMessage> got = sink.awaitMessages(16, WAIT);
    Map<String, String> ehloOf = Map.of("127.0.0.2", "mta2.outpost.test", "127.0.0.3", "mta3.outpost.test");
    assertThat(got).allSatisfy(m -> assertThat(m.heloName()).isEqualTo(ehloOf.get(m.clientAddress().getHostAddress())));
    assertThat(got).extracting(m -> m.clientAddress().getHostAddress()).contains("127.0.0.2", "127.0.0.3");
  }

  @Test
  void anAccountsPoolWinsOverTheSenderDomainsPool() throws Exception {
    start(c -> c.withPools(List.of(
        new PoolConfig("shared", List.of(member("127.0.0.2", "mta2.outpost.test", 1)), List.of("*")),
        new PoolConfig("acme", List.of(member("127.0.0.3", "acme.outpost.test", 1)), List.of(), List.of("acme")))));

    send("shared@pooled.test");
    Envelope acme = TestSpools.store(spool, clock.instant(), BODY, "acme@pooled.test").withOrigin("acme", null);
    spool.update(acme);
    queue.enqueue(acme);

    List<ReceivedMessage> got = sink.awaitMessages(2, WAIT);
    Map<String, String> sourceOf = got.stream().collect(java.util.stream.Collectors.toMap(
        m -> m.recipients().getFirst(), m -> m.clientAddress().getHostAddress() + " " + m.heloName()));
    assertThat(sourceOf).containsEntry("shared@pooled.test", "127.0.0.2 mta2.outpost.test")
        .containsEntry("acme@pooled.test", "127.0.0.3 acme.outpost.test");
  }

  @Test
  void anAddressThatCannotBeBoundIsSkippedAndTheOthersTakeOver() throws Exception {
    // 192.0.2.1 (TEST-NET-1) is on no interface of this host, so binding it fails at once.
    start(c -> c.withPools(List.of(new PoolConfig("mta", List.of(member("192.0.2.1", "gone.outpost.test", 100),
        member("127.0.0.3", "mta3.outpost.test", 1)), List.of("example.com")))));

    for (int i = 0; i < 5; i++) send("r" + i + "@pooled.test");

    List<ReceivedMessage> got = sink.awaitMessages(5, WAIT);
    assertThat(got).allSatisfy(m -> {
      assertThat(m.clientAddress().getHostAddress()).isEqualTo("127.0.0.3");
      assertThat(m.heloName()).isEqualTo("mta3.outpost.test");
    });
    await("the queue to empty", () -> queue.size() == 0);
  }

  @Test
  void aRouteSendsFromItsOwnPoolWithItsOwnTlsPolicy() throws Exception {
    start(c -> c.withPools(List.of(new PoolConfig("relay", List.of(member("127.0.0.4", "relay.outpost.test", 1)),
            List.of()), new PoolConfig("mta", List.of(member("127.0.0.2", "mta2.outpost.test", 1)), List.of("*"))))
        .withRoutes(List.of(new RouteConfig(List.of("routed.test"), "127.0.0.30", sink.port(), "relay",
            TlsPolicyLevel.REQUIRE))));

    Envelope envelope = send("a@routed.test");
    kit.awaitDeferral(envelope);
    assertThat(spooled(envelope).lastReply()).contains("TLS is required");
    assertThat(sink.commands()).noneMatch(c -> c.startsWith("MAIL"));

    sink.behave(SinkBehaviour.accepting().withStartTls());
    queue.flush();
    ReceivedMessage got = sink.awaitMessages(1, WAIT).getFirst();
    assertThat(got.tls()).isTrue();
    assertThat(got.clientAddress().getHostAddress()).isEqualTo("127.0.0.4");
    assertThat(got.heloName()).isEqualTo("relay.outpost.test");
  }

  @Test
  void requiredTlsDefersAServerWithoutStartTlsAndNeverSendsInClear() throws Exception {
    start(c -> c.withTlsPolicies(List.of(new TlsPolicyConfig(List.of("secure.test"), TlsPolicyLevel.REQUIRE, null))));

    Envelope envelope = send("a@secure.test");
    kit.awaitDeferral(envelope);

    assertThat(spooled(envelope).lastReply()).contains("TLS is required", "does not offer STARTTLS");
    assertThat(sink.messages()).isEmpty();
    assertThat(sink.commands()).noneMatch(c -> c.startsWith("MAIL"));

    sink.behave(SinkBehaviour.accepting().withStartTls());
    queue.flush();
    ReceivedMessage got = sink.awaitMessages(1, WAIT).getFirst();
    assertThat(got.tls()).isTrue();
  }

  @Test
  void verifiedTlsDefersAnUntrustedCertificateAndDeliversToATrustedOne() throws Exception {
    X509Certificate trusted = sink.useCertificateFor("mx.verified.test");
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(trusted.getEncoded())
        + "\n-----END CERTIFICATE-----\n");
    sink.behave(SinkBehaviour.accepting().withStartTls());
    start(c -> c.withTlsPolicies(List.of(
        new TlsPolicyConfig(List.of("secure.test"), TlsPolicyLevel.VERIFY, null),
        new TlsPolicyConfig(List.of("verified.test"), TlsPolicyLevel.VERIFY, ca))));

    Envelope untrusted = send("a@secure.test");
    kit.awaitDeferral(untrusted);
    assertThat(spooled(untrusted).lastReply()).contains("TLS failure");
    assertThat(sink.messages()).isEmpty();

    send("b@verified.test");
    ReceivedMessage got = sink.awaitMessages(1, WAIT).getFirst();
    assertThat(got.recipients()).containsExactly("b@verified.test");
    assertThat(got.tls()).isTrue();
  }
}
