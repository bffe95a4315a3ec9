package dev.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.accounts.AccountAdministration;
import dev.outpost.accounts.AccountLimits;
import dev.outpost.accounts.ApiKeyScope;
import dev.outpost.accounts.PasswordHasher;
import dev.outpost.config.CidrRange;
import dev.outpost.config.RelayConfig;
import dev.outpost.server.RunningOutpost;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.testkit.TranscriptClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} over real HTTP: a Prometheus scrape after mail went through a running
 * server to a sink, and who may scrape.
 */
class MetricsEndpointTest {
  private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  @TempDir Path dir;

  @Test
  void aScrapeFromLoopbackCountsTheMailThatWentThrough() throws Exception {
    try (RunningOutpost server = RunningOutpost.start(dir)) {
      ApiClient prometheus = new ApiClient(server.http(), null);
      try (TranscriptClient c = server.greeted()) {
        c.sendRaw("MAIL FROM:<app@sender.test>\r\nRCPT TO:<reader@example.test>\r\nRCPT TO:<other@example.test>\r\n"
            + "DATA\r\n");
        for (int i = 0; i < 4; i++) c.read();
        c.sendRaw("Subject: scraped\r\n\r\nHello.\r\n.\r\n").expectCode(250);
        c.send("QUIT").expectCode(221);
      }
      server.sink.awaitMessages(1, Duration.ofSeconds(10));
      String delivered = "outpost_delivered_total{site=\"127.0.0.1:" + server.sink.port() + "\"} 2.0";

      ApiClient.Response scrape = awaitLine(prometheus, delivered);
      assertThat(scrape.status()).isEqualTo(200);
      assertThat(scrape.contentType()).isEqualTo(TEXT_FORMAT);
      assertThat(scrape.body().lines()).contains(
          "# TYPE outpost_delivered_total counter",
          "outpost_smtp_messages_accepted_total{listener=\"local\"} 1.0",
          "outpost_smtp_sessions_total{listener=\"local\"} 1.0",
          "outpost_spool_commit_seconds_count{engine=\"rocksdb\"} 1",
          "outpost_delivery_latency_seconds_count{site=\"127.0.0.1:" + server.sink.port() + "\"} 2",
          "outpost_queue_messages{state=\"deferred\"} 0.0");
      assertThat(scrape.body()).contains("\njvm_memory_used_bytes{", "\nprocess_cpu_usage ");
    }
  }

  @Test
  void fromOutsideTheTrustedNetworksOnlyAnAdminKeyMayScrape() throws Exception {
    try (RunningOutpost server = RunningOutpost.start(dir,
        c -> c.withRelay(new RelayConfig(List.of(CidrRange.parse("192.0.2.0/24")), List.of())))) {
      String accountKey;
      String adminKey;
      try (SqliteStateStore store = SqliteStateStore.open(dir)) {
        var admin = new AccountAdministration(store, PasswordHasher.production(), new SecureRandom(), Clock.systemUTC());
        admin.addAccount("acme", null, AccountLimits.UNLIMITED);
        admin.addAccount("ops", null, AccountLimits.UNLIMITED);
        accountKey = admin.addApiKey("acme", ApiKeyScope.ACCOUNT).secret();
        adminKey = admin.addApiKey("ops", ApiKeyScope.ADMIN).secret();
      }
      ApiClient client = new ApiClient(server.http(), null);

      ApiClient.Response anonymous = client.get("/metrics");
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.json().at("/error/code").asText()).isEqualTo("unauthorized");
      assertThat(client.withKey(accountKey).get("/metrics").status()).isEqualTo(403);
      ApiClient.Response admin = client.withKey(adminKey).get("/metrics");
      assertThat(admin.status()).isEqualTo(200);
      assertThat(admin.body()).contains("outpost_smtp_connections_total{listener=\"local\"} 0.0");
    }
  }

  /** Scrapes until the exposition has {@code line}, as Prometheus scraping again would. */
  private static ApiClient.Response awaitLine(ApiClient client, String line) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      ApiClient.Response response = client.get("/metrics");
      if (response.body().lines().anyMatch(line::equals)) return client.get("/metrics");
      if (System.nanoTime() > deadline) throw new AssertionError("no line " + line + " in:\n" + response.body());
      Thread.sleep(50);
    }
  }
}
