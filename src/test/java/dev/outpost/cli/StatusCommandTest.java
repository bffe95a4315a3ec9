package dev.outpost.cli;

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
 * {@code outpost status} against a real server delivering to its recipients' MX hosts (a sink on
 * 127.0.0.2), after mail that is delivered, bounced, deferred and refused, with one provider
 * asking to slow down and the sending address on a local blocklist.
 */
class StatusCommandTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir Path dir;

  @Test
  void showsListenersQueueDeliveriesThrottledSitesAndListings() throws Exception {
    CliRunner cli = CliRunner.forDirectory(dir);
    // RFC 5782's test entry, which every DNSBL lists; the MX sink listens there too.
    InetAddress listed = InetAddress.getByName("127.0.0.2");
    try (DnsTestServer dns = DnsTestServer.start();
        SmtpSink mx = SmtpSink.start(listed, 0, SinkBehaviour.accepting()
            .replyTo("nobody@example.test", "550 5.1.1 no such user")
            .replyTo("later@example.test", "451 4.3.0 try later")
            .replyTo("someone@busy.test", "421 4.7.28 unusual rate of mail, slow down"))) {
      dns.mx("example.test", 10, "mx.example.test").a("mx.example.test", "127.0.0.2")
          .mx("sender.test", 10, "mx.sender.test").a("mx.sender.test", "127.0.0.2")
          .mx("busy.test", 10, "mx1.busy.test").a("mx1.busy.test", "127.0.0.2")
          .a("2.0.0.127.zen.test", "127.0.0.2").txt("2.0.0.127.zen.test", "Listed for testing");
      try (RunningOutpost server = RunningOutpost.start(dir.resolve("data"), c -> mxDelivery(c, dns, mx, listed))) {
        try (TranscriptClient c = server.greeted()) {
          c.sendRaw("MAIL FROM:<app@sender.test>\r\nRCPT TO:<reader@example.test>\r\nRCPT TO:<nobody@example.test>\r\n"
              + "RCPT TO:<later@example.test>\r\nDATA\r\n");
          for (int i = 0; i < 5; i++) c.read();
          c.sendRaw("Subject: status\r\n\r\nHello.\r\n.\r\n").expectCode(250);
          c.sendRaw("MAIL FROM:<>\r\nRCPT TO:<someone@busy.test>\r\nDATA\r\n");
          for (int i = 0; i < 3; i++) c.read();
          c.sendRaw("Subject: slow down\r\n\r\nHello.\r\n.\r\n").expectCode(250);
          c.sendRaw("MAIL FROM:<app@sender.test>\r\nRCPT TO:<reader@example.test>\r\nDATA\r\n");
          for (int i = 0; i < 3; i++) c.read();
          c.sendRaw("Subject: too big\r\n\r\n" + "x".repeat(30_000) + "\r\n.\r\n").expectCode(552);
          c.send("QUIT").expectCode(221);
        }
        // The message to reader@ and the failure DSN to app@sender.test.
        mx.awaitMessages(2, WAIT);

        awaitStatus(cli, "recipients since start: 2 delivered, 2 deferred, 1 bounced", "blocklisted: 1",
            "listener local      127.0.0.1:" + server.address("local").getPort() + ": 0 open");
        List<String> lines = cli.lines();

        assertThat(lines.getFirst()).matches("up 0m \\d+s, since \\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(lines).contains(
            "listener local      127.0.0.1:" + server.address("local").getPort()
                + ": 0 open, 1 connection, 1 session, 0 refused; messages 2 accepted, 1 rejected",
            "listener submission 127.0.0.1:" + server.address("submission").getPort()
                + ": 0 open, 0 connections, 0 sessions, 0 refused; messages 0 accepted, 0 rejected;"
                + " TLS (starttls) 0 ok, 0 failed",
            "recipients since start: 2 delivered, 2 deferred, 1 bounced",
            "throttled sites: 1",
            "blocklisted: 1");
        // Delivery connections stay open while idle, for mail that may follow.
        assertThat(lines).anySatisfy(l -> assertThat(l)
            .startsWith("queue: 2 messages (0 active, 2 deferred, 0 held); 0 ready for a connection, "));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("  busy from any: suspended until ")
            .endsWith(", rate 5/s of 10/s, after: 421 4.7.28 unusual rate of mail, slow down"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("  127.0.0.2 on zen.test since ")
            .contains("Listed for testing"));
      }
    }
  }

  @Test
  void withShapingOffNoSiteIsThrottledAndTheQueueSummaryStillWorks() throws Exception {
    CliRunner cli = CliRunner.forDirectory(dir);
    try (RunningOutpost server = RunningOutpost.start(dir.resolve("data"),
        c -> c.withShaping(new ShapingConfig(false, SiteProfiles.builtIn())))) {
      assertThat(cli.run("status")).as(cli.err()).isZero();
      assertThat(cli.lines()).contains("throttled sites: none", "blocklisted: none");
      assertThat(cli.run("queue")).as(cli.err()).isZero();
    }
  }

  @Test
  void aServerThatIsNotRunningIsSaidSo() throws Exception {
    CliRunner cli = CliRunner.forDirectory(dir);
    assertThat(cli.run("status")).isEqualTo(1);
    assertThat(cli.err()).contains("the server is not running");
  }

  /** Runs {@code outpost status} until its output has every one of {@code expected} lines. */
  private static void awaitStatus(CliRunner cli, String... expected) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      assertThat(cli.run("status")).as(cli.err()).isZero();
      if (List.of(expected).stream().allMatch(e -> cli.lines().stream().anyMatch(l -> l.startsWith(e)))) return;
      if (System.nanoTime() > deadline) throw new AssertionError("status never showed " + List.of(expected) + ":\n" + cli.out());
      Thread.sleep(100);
    }
  }

  /**
   * Every domain to its MX hosts on the sink's port; site "busy" at 10/s; {@code sendingIp}
   * watched on zen.test.
   */
  private static OutpostConfig mxDelivery(OutpostConfig c, DnsTestServer dns, SmtpSink mx, InetAddress sendingIp) {
    SiteLimits busy = new SiteLimits(2, 100, Rate.parse("10/s"), 100, Duration.ofMinutes(5), Duration.ofMinutes(1));
    return c.withRoutes(List.of())
        .withSmtp(c.smtp().withMaxMessageSize(20_000))
        .withDns(c.dns().withResolvers(List.of(dns.hostPort())))
        .withDelivery(c.delivery().withPort(mx.port()))
        .withShaping(new ShapingConfig(true, SiteProfiles.builtIn()
            .with(List.of(new SiteProfile("busy", List.of("*.busy.test"), busy)))))
        .withReputation(c.reputation().withSendingIps(List.of(sendingIp))
            .withZones(List.of("zen.test"), List.of(), List.of()));
  }
}
