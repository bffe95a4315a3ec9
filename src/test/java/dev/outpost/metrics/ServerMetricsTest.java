package dev.outpost.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.server.RunningOutpost;
import dev.outpost.server.TrustingClientTls;
import dev.outpost.testkit.SinkBehaviour;
import dev.outpost.testkit.TranscriptClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus text of a real server after real SMTP traffic: a client's sessions on both
 * listeners, mail relayed to a sink that delivers, bounces and defers, and the spool and queue
 * behind them.
 */
class ServerMetricsTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir Path dataDir;

  @Test
  void sessionsMessagesAndDeliveryOutcomesAreCounted() throws Exception {
    try (RunningOutpost server = RunningOutpost.start(dataDir, c -> c.withSmtp(c.smtp().withMaxMessageSize(20_000)))) {
      server.sink.behave(SinkBehaviour.accepting().replyTo("nobody@example.test", "550 5.1.1 no such user")
          .replyTo("later@example.test", "451 4.3.0 try later"));
      String site = "127.0.0.1:" + server.sink.port();

      try (TranscriptClient c = server.greeted()) {
        c.sendRaw("MAIL FROM:<app@sender.test>\r\nRCPT TO:<reader@example.test>\r\nRCPT TO:<nobody@example.test>\r\n"
            + "RCPT TO:<later@example.test>\r\nDATA\r\n");
        for (int i = 0; i < 5; i++) c.read();
        c.sendRaw("Subject: counted\r\n\r\nHello.\r\n.\r\n").expectCode(250);
        c.sendRaw("MAIL FROM:<app@sender.test>\r\nRCPT TO:<reader@example.test>\r\nDATA\r\n");
        for (int i = 0; i < 3; i++) c.read();
        c.sendRaw("Subject: too big\r\n\r\n" + "x".repeat(30_000) + "\r\n.\r\n").expectCode(552);
        c.send("QUIT").expectCode(221);
      }
      try (TranscriptClient c = server.connect("submission")) {
        c.expectCode(220);
        c.send("EHLO client.test").expectCode(250);
        c.send("STARTTLS").expectCode(220);
        c.startTls(TrustingClientTls.context());
        c.send("EHLO client.test").expectCode(250);
        c.send("QUIT").expectCode(221);
      }
      try (TranscriptClient c = server.connect("submission")) {
        c.expectCode(220);
        c.send("EHLO client.test").expectCode(250);
        c.send("STARTTLS").expectCode(220);
        c.sendRaw("this is not a TLS client hello\r\n");
        // The server may send a TLS alert before it closes.
        while (!c.isClosedByServer()) continue;
      }
      // The message and the failure DSN to its sender.
      server.sink.awaitMessages(2, WAIT);

      PrometheusText m = awaitScrape(server, t -> t.sum("outpost_delivered_total") == 2
          && t.sum("outpost_bounced_total") == 1 && t.sum("outpost_deferred_total") == 1
          && t.value("outpost_smtp_connections_active", "listener", "submission") == 0);

      assertThat(m.value("outpost_smtp_connections_total", "listener", "local")).isEqualTo(1);
      assertThat(m.value("outpost_smtp_sessions_total", "listener", "local")).isEqualTo(1);
      assertThat(m.value("outpost_smtp_connections_total", "listener", "submission")).isEqualTo(2);
      assertThat(m.value("outpost_smtp_connections_active", "listener", "local")).isZero();
      assertThat(m.value("outpost_smtp_messages_accepted_total", "listener", "local")).isEqualTo(1);
      assertThat(m.value("outpost_smtp_messages_rejected_total", "listener", "local", "class", "5xx")).isEqualTo(1);
      assertThat(m.value("outpost_smtp_messages_rejected_total", "listener", "local", "class", "4xx")).isZero();
      assertThat(m.value("outpost_smtp_tls_handshakes_total", "listener", "submission", "mode", "starttls",
          "result", "ok")).isEqualTo(1);
      assertThat(m.value("outpost_smtp_tls_handshakes_total", "listener", "submission", "mode", "starttls",
          "result", "failed")).isEqualTo(1);
      assertThat(m.sum("outpost_smtp_tls_handshakes_total", "listener", "local")).isZero();

      assertThat(m.value("outpost_delivered_total", "site", site)).isEqualTo(2);
      assertThat(m.value("outpost_bounced_total", "site", site, "category", "unknown_user")).isEqualTo(1);
      assertThat(m.sum("outpost_deferred_total", "site", site)).isEqualTo(1);
      assertThat(m.value("outpost_delivery_latency_seconds_count", "site", site)).isEqualTo(2);
      assertThat(m.value("outpost_delivery_latency_seconds_bucket", "site", site, "le", "+Inf")).isEqualTo(2);
      assertThat(m.value("outpost_delivery_transaction_seconds_count", "site", site)).isEqualTo(2);

      // The message and the DSN were committed, each with a synced write.
      assertThat(m.value("outpost_spool_commit_seconds_count", "engine", "rocksdb")).isEqualTo(2);
      assertThat(m.value("outpost_spool_fsync_seconds_count", "engine", "rocksdb")).isEqualTo(2);
      assertThat(m.value("outpost_spool_commit_seconds_sum", "engine", "rocksdb")).isPositive();

      assertThat(m.value("outpost_queue_messages", "state", "deferred")).isEqualTo(1);
      assertThat(m.value("outpost_queue_messages", "state", "held")).isZero();
      assertThat(m.value("outpost_start_time_seconds")).isPositive();
      assertThat(m.has("jvm_memory_used_bytes")).isTrue();
      assertThat(m.has("jvm_threads_live_threads")).isTrue();
      assertThat(m.has("jvm_gc_memory_allocated_bytes_total")).isTrue();
      assertThat(m.has("process_cpu_usage")).isTrue();
    }
  }

  @Test
  void aConnectionOverTheLimitIsCountedAsRefused() throws Exception {
    try (RunningOutpost server = RunningOutpost.start(dataDir,
        c -> c.withServer(c.server().withConnectionLimits(1, 1)))) {
      try (TranscriptClient first = server.greeted()) {
        try (TranscriptClient second = server.connect("local")) {
          second.expectCode(421);
        }
        PrometheusText m = awaitScrape(server,
            t -> t.value("outpost_smtp_connections_refused_total", "listener", "local", "limit", "max_connections") == 1);
        assertThat(m.value("outpost_smtp_connections_total", "listener", "local")).isEqualTo(2);
        assertThat(m.value("outpost_smtp_sessions_total", "listener", "local")).isEqualTo(1);
        assertThat(m.value("outpost_smtp_connections_active", "listener", "local")).isEqualTo(1);
        assertThat(m.sum("outpost_smtp_connections_refused_total", "limit", "max_connections_per_ip")).isZero();
      }
    }
  }

  /**
   * Scrapes until {@code ready} holds, then once more: a scrape reads its meters one after another,
   * so the one that saw the last change may have read others before the changes that led to it.
   */
  static PrometheusText awaitScrape(RunningOutpost server, Predicate<PrometheusText> ready) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      PrometheusText text = scrape(server);
      if (ready.test(text)) return scrape(server);
      if (System.nanoTime() > deadline) throw new AssertionError("metrics never got there:\n" + text);
      Thread.sleep(50);
    }
  }

  private static PrometheusText scrape(RunningOutpost server) {
    return new PrometheusText(server.outpost.meterRegistry().scrape());
  }
}
