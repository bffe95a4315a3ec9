package dev.outpost.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.accounts.AccountAdministration;
import dev.outpost.accounts.AccountLimits;
import dev.outpost.accounts.ApiKeyScope;
import dev.outpost.accounts.PasswordHasher;
import dev.outpost.api.ApiClient;
import dev.outpost.config.WebhooksConfig;
import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.EventQuery;
import dev.outpost.server.RunningOutpost;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.testkit.SinkBehaviour;
import dev.outpost.testkit.TranscriptClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks end to end: mail sent over SMTP by an account through a real Outpost to a real sink,
 * its events POSTed to a real receiver that checks every signature, while the receiver answers
 * 503, goes down altogether and comes back, and while Outpost itself restarts. Backoff is cut to
 * a fraction of a second so that this runs in seconds.
 */
class WebhookDeliveryTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final WebhooksConfig FAST = WebhooksConfig.defaults()
      .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400)).withBatchSize(4).withTimeout(Duration.ofSeconds(5));

  @TempDir Path dataDir;
  private RunningOutpost server;
  private WebhookReceiver receiver;
  private String apiKey;

  @BeforeEach
  void setUp() throws Exception {
    try (SqliteStateStore store = SqliteStateStore.open(dataDir)) {
      var admin = new AccountAdministration(store, PasswordHasher.production(), new SecureRandom(), Clock.systemUTC());
      admin.addAccount("acme", "bounces@acme.test", AccountLimits.UNLIMITED);
      admin.addDomain("acme", "acme.test", false);
      admin.addCredential("acme", "alice", "correct horse battery");
      apiKey = admin.addApiKey("acme", ApiKeyScope.ACCOUNT).secret();
    }
    receiver = WebhookReceiver.start(Clock.systemUTC());
    server = start();
  }

  @AfterEach
  void tearDown() {
    if (server != null) server.close();
    receiver.close();
  }

  private RunningOutpost start() throws Exception {
    RunningOutpost started = RunningOutpost.start(dataDir, c -> c.withWebhooks(FAST));
    started.sink.behave(SinkBehaviour.accepting().replyTo("gone@example.test", "550 5.1.1 no such user"));
    return started;
  }

  private ApiClient api() {
    return new ApiClient(server.http(), apiKey);
  }

  /** Registers a webhook through the API and lets the receiver trust its secret. */
  private String register(String path, String eventTypes) {
    ApiClient.Response created = api().post("/api/v1/webhooks",
        "{\"url\": \"" + receiver.url(path) + "\", \"event_types\": " + eventTypes + "}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("id").asText();
    receiver.trust(id, created.json().get("secret").asText());
    return id;
  }

  private void send(String recipient) throws Exception {
    try (TranscriptClient c = server.authenticated("alice", "correct horse battery")) {
      c.send("MAIL FROM:<news@acme.test>").expectCode(250);
      c.send("RCPT TO:<" + recipient + ">").expectCode(250);
      c.send("DATA").expectCode(354);
      c.sendRaw("From: news@acme.test\r\nX-Outpost-Campaign: spring\r\nSubject: hello\r\n\r\nhello\r\n.\r\n");
      c.expectCode(250);
    }
  }

  /** The acme events stored so far, oldest first, once the event log has written what it holds. */
  private List<DeliveryEvent> stored(Set<DeliveryEvent.Type> types) throws InterruptedException {
    assertThat(server.outpost.events().flush(WAIT)).isTrue();
    return server.outpost.events().find(EventQuery.all().withAccount("acme").withTypes(types)
        .withOrder(EventQuery.Order.OLDEST_FIRST).withLimit(EventQuery.MAX_LIMIT)).events();
  }

  private List<Long> receivedIds(String webhookId) {
    List<Long> ids = new ArrayList<>();
    for (WebhookReceiver.Delivery d : receiver.deliveries()) {
      if (d.webhookId().equals(webhookId)) d.events().forEach(e -> ids.add(e.get("id").asLong()));
    }
    return ids;
  }

  /** The webhook backlog gauge as Prometheus scrapes it. */
  private double backlogMetric() {
    Matcher m = Pattern.compile("(?m)^outpost_webhooks_backlog_events(?:\\{[^}]*})? (\\S+)$")
        .matcher(server.outpost.meterRegistry().scrape());
    assertThat(m.find()).as("the backlog gauge is scraped").isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(25);
    }
  }

  /** Delivered and bounced events of these recipients are stored: every message has its outcome. */
  private void awaitOutcomes(int n) throws InterruptedException {
    await(n + " outcomes", () -> {
      try {
        return stored(Set.of(DeliveryEvent.Type.DELIVERED, DeliveryEvent.Type.BOUNCED)).size() >= n;
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void anEndpointThatFailsAndIsDownGetsEveryEventOnceAndInOrderWhenItComesBack() throws Exception {
    String all = register("/all", "[]");
    String bounces = register("/bounces", "[\"bounced\"]");
    receiver.answer(503);

    send("reader1@example.test");
    send("gone@example.test");
    awaitOutcomes(2);
    int before = receiver.requests();
    receiver.awaitRequests(before + 4, WAIT);

    receiver.down();
    send("reader2@example.test");
    send("reader3@example.test");
    awaitOutcomes(4);
    // Time for attempts against the closed port, which must not count as deliveries either.
    await("a refused connection in the log", () -> api().get("/api/v1/webhooks/" + all + "/deliveries").json()
        .get("deliveries").findValues("http_status").stream().anyMatch(JsonNode::isNull));
    assertThat(receiver.deliveries()).isEmpty();
    assertThat(backlogMetric()).isGreaterThan(0);

    receiver.answer(200);
    receiver.up();
    List<DeliveryEvent> expected = stored(Set.of());
    await("every event at /all", () -> receivedIds(all).size() >= expected.size());
    await("the bounce at /bounces", () -> !receivedIds(bounces).isEmpty());

    assertThat(receivedIds(all)).containsExactlyElementsOf(expected.stream().map(DeliveryEvent::id).toList());
    List<DeliveryEvent> bounced = stored(Set.of(DeliveryEvent.Type.BOUNCED));
    assertThat(receivedIds(bounces)).containsExactlyElementsOf(bounced.stream().map(DeliveryEvent::id).toList());
    assertThat(receiver.refused()).isEmpty();
    assertThat(receiver.deliveries()).allSatisfy(d -> assertThat(d.events()).hasSizeLessThanOrEqualTo(4));
    JsonNode bounce = receiver.deliveries().stream().filter(d -> d.webhookId().equals(bounces)).findFirst()
        .orElseThrow().events().get(0);
    assertThat(bounce.get("recipient").asText()).isEqualTo("gone@example.test");
    assertThat(bounce.get("status_code").asText()).isEqualTo("5.1.1");
    assertThat(bounce.get("category").asText()).isEqualTo("unknown_user");
    assertThat(bounce.get("campaign").asText()).isEqualTo("spring");

    JsonNode log = api().get("/api/v1/webhooks/" + all + "/deliveries?limit=500").json().get("deliveries");
    List<String> outcomes = log.findValues("outcome").stream().map(JsonNode::asText).toList();
    assertThat(outcomes).contains("delivered", "failed").doesNotContain("skipped");
    assertThat(log.findValues("http_status")).anyMatch(s -> s.asInt() == 503).anyMatch(JsonNode::isNull);
    assertThat(log.get(log.size() - 1).get("attempt").asInt()).isEqualTo(1);
    assertThat(log.findValues("attempt")).anyMatch(a -> a.asInt() > 1);
    await("an empty backlog", () -> server.outpost.webhookBacklog().values().stream().allMatch(n -> n == 0));
    assertThat(backlogMetric()).isZero();
    JsonNode webhook = api().get("/api/v1/webhooks/" + all).json();
    assertThat(webhook.get("pending_events").asLong()).isZero();
    // At least the last acme event: the cursor may have passed newer events of no account (the DSN).
    assertThat(webhook.get("last_event_id").asLong()).isGreaterThanOrEqualTo(expected.get(expected.size() - 1).id());
  }

  @Test
  void aRestartInTheMiddleResumesFromThePersistedCursor() throws Exception {
    String delivered = register("/delivered", "[\"delivered\"]");
    send("first@example.test");
    await("the first delivery", () -> receivedIds(delivered).size() == 1);

    receiver.answer(503);
    send("second@example.test");
    awaitOutcomes(2);
    int before = receiver.requests();
    receiver.awaitRequests(before + 1, WAIT);
    server.close();
    server = null;
    List<Long> beforeRestart = receivedIds(delivered);

    receiver.answer(200);
    server = start();
    send("third@example.test");
    awaitOutcomes(3);

    List<Long> expected = stored(Set.of(DeliveryEvent.Type.DELIVERED)).stream().map(DeliveryEvent::id).toList();
    assertThat(expected).hasSize(3);
    await("every delivery", () -> receivedIds(delivered).size() >= 3);
    assertThat(beforeRestart).containsExactly(expected.get(0));
    assertThat(receivedIds(delivered)).containsExactlyElementsOf(expected);
    assertThat(receiver.events()).extracting(e -> e.get("recipient").asText())
        .containsExactly("first@example.test", "second@example.test", "third@example.test");
    assertThat(receiver.refused()).isEmpty();
  }
}
