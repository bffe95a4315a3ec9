package dev.outpost.metrics;

import static dev.outpost.metrics.ServerMetricsTest.awaitScrape;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.OutpostConfig;
import dev.outpost.config.ShapingConfig;
import dev.outpost.server.RunningOutpost;
import dev.outpost.shaping.Rate;
import dev.outpost.shaping.SiteLimits;
import dev.outpost.shaping.SiteProfile;
import dev.outpost.shaping.SiteProfiles;
import dev.outpost.testkit.DnsTestServer;
import dev.outpost.testkit.SinkBehaviour;
import dev.outpost.testkit.SmtpSink;
import dev.outpost.testkit.TranscriptClient;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MX delivery under traffic shaping, with the server's own address on a local blocklist: a
 * provider's rate-limit reply shows as a suspended site at half its rate, and the listing as a
 * listed address.
 */
class ThrottleAndBlocklistMetricsTest {
  @TempDir Path dataDir;

  @Test
  void aRateLimitReplySuspendsTheSiteAndAListingIsCounted() throws Exception {
    // RFC 5782's test entry, which every DNSBL lists; the sink listens there too.
    InetAddress listed = InetAddress.getByName("127.0.0.2");
    try (DnsTestServer dns = DnsTestServer.start();
        SmtpSink mx = SmtpSink.start(listed, 0,
            SinkBehaviour.accepting().replyTo("someone@busy.test", "421 4.7.28 unusual rate of mail, slow down"))) {
      dns.mx("busy.test", 10, "mx1.busy.test").a("mx1.busy.test", "127.0.0.2")
          .a("2.0.0.127.zen.test", "127.0.0.2").txt("2.0.0.127.zen.test", "Listed for testing: RFC 5782");
      try (RunningOutpost server = RunningOutpost.start(dataDir, c -> throttledMx(c, dns, mx, listed));
          TranscriptClient client = server.greeted()) {
        client.sendRaw("MAIL FROM:<>\r\nRCPT TO:<someone@busy.test>\r\nDATA\r\n");
        for (int i = 0; i < 3; i++) client.read();
        client.sendRaw("Subject: slow down\r\n\r\nHello.\r\n.\r\n").expectCode(250);

        // The deferral is recorded before the worker closes the slowed-down connection.
        PrometheusText m = awaitScrape(server, t -> t.sum("outpost_deferred_total", "site", "busy") == 1
            && t.value("outpost_blocklist_listings") == 1
            && t.value("outpost_shaping_connections", "site", "busy", "source", "any") == 0);

        assertThat(m.value("outpost_deferred_total", "site", "busy", "category", "rate_limited")).isEqualTo(1);
        assertThat(m.value("outpost_shaping_suspended", "site", "busy", "source", "any")).isEqualTo(1);
        assertThat(m.value("outpost_shaping_rate", "site", "busy", "source", "any")).isEqualTo(5);
        assertThat(m.value("outpost_shaping_rate_configured", "site", "busy", "source", "any")).isEqualTo(10);
        assertThat(m.value("outpost_shaping_connections", "site", "busy", "source", "any")).isZero();
        assertThat(m.value("outpost_blocklist_listed_addresses")).isEqualTo(1);
      }
    }
  }

  /** Every domain to its MX hosts on the sink's port; site "busy" at 10/s; {@code sendingIp} watched on zen.test. */
  private static OutpostConfig throttledMx(OutpostConfig c, DnsTestServer dns, SmtpSink mx, InetAddress sendingIp) {
    SiteLimits busy = new SiteLimits(2, 100, Rate.parse("10/s"), 100, Duration.ofMinutes(5), Duration.ofMinutes(1));
    return c.withRoutes(List.of())
        .withDns(c.dns().withResolvers(List.of(dns.hostPort())))
        .withDelivery(c.delivery().withPort(mx.port()))
        .withShaping(new ShapingConfig(true, SiteProfiles.builtIn()
            .with(List.of(new SiteProfile("busy", List.of("*.busy.test"), busy)))))
        .withReputation(c.reputation().withSendingIps(List.of(sendingIp))
            .withZones(List.of("zen.test"), List.of(), List.of()));
  }
}
