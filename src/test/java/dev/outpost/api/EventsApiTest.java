package dev.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.accounts.AccountAdministration;
import dev.outpost.accounts.AccountLimits;
import dev.outpost.accounts.ApiKeyScope;
import dev.outpost.accounts.PasswordHasher;
import dev.outpost.bounce.BounceCategory;
import dev.outpost.events.DeliveryEvent;
import dev.outpost.server.RunningOutpost;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.testkit.SinkBehaviour;
import dev.outpost.testkit.TranscriptClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real HTTP calls to {@code /api/v1/events} and {@code /api/v1/stats} of a running server, after
 * real mail: one message of account acme, campaign "launch", to a recipient the sink accepts and
 * one it refuses with 550; and events of account "other" that acme's key must never see.
 */
class EventsApiTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir static Path dir;
  static RunningOutpost server;
  static ApiClient acme;
  static ApiClient other;
  static ApiClient admin;
  static String queueId;
  static Instant sentAt;

  @BeforeAll
  static void start() throws Exception {
    String acmeKey;
    String otherKey;
    String adminKey;
    try (SqliteStateStore store = SqliteStateStore.open(dir)) {
      var accounts = new AccountAdministration(store, PasswordHasher.production(), new SecureRandom(), Clock.systemUTC());
      accounts.addAccount("acme", null, AccountLimits.UNLIMITED);
      accounts.addDomain("acme", "acme.test", false);
      accounts.addCredential("acme", "alice", "correct horse battery");
      accounts.addAccount("other", null, AccountLimits.UNLIMITED);
      accounts.addAccount("ops", null, AccountLimits.UNLIMITED);
      acmeKey = accounts.addApiKey("acme", ApiKeyScope.ACCOUNT).secret();
      otherKey = accounts.addApiKey("other", ApiKeyScope.ACCOUNT).secret();
      adminKey = accounts.addApiKey("ops", ApiKeyScope.ADMIN).secret();
    }
    server = RunningOutpost.start(dir);
    server.sink.behave(SinkBehaviour.accepting().replyTo("gone@example.test", "550 5.1.1 no such user"));
    acme = new ApiClient(server.http(), acmeKey);
    other = new ApiClient(server.http(), otherKey);
    admin = new ApiClient(server.http(), adminKey);

    sentAt = Instant.now();
    queueId = sendAsAcme();
    server.outpost.events().record(DeliveryEvent.of(DeliveryEvent.Type.DELIVERED, Instant.now()).queueId("OTHER1")
        .recipient("someone@example.test").account("other").campaign("launch").build());
    awaitEvents(acme, "/api/v1/events?message=" + queueId + "&type=delivered,bounced,dsn_sent", 3);
    // The DSN's own delivery, the last event to come, so that no test sees the list still growing.
    awaitEvents(admin, "/api/v1/events?type=delivered", 3);
    assertThat(server.outpost.events().flush(WAIT)).isTrue();
  }

  private static String sendAsAcme() throws Exception {
    try (TranscriptClient c = server.authenticated("alice", "correct horse battery")) {
      c.send("MAIL FROM:<news@acme.test>").expectCode(250);
      c.send("RCPT TO:<reader@example.test>").expectCode(250);
      c.send("RCPT TO:<gone@example.test>").expectCode(250);
      c.send("DATA").expectCode(354);
      c.sendRaw("From: news@acme.test\r\nX-Outpost-Campaign: launch\r\nSubject: hello\r\n\r\nhi\r\n.\r\n");
      String reply = c.expectCode(250).text();
      return reply.substring(reply.lastIndexOf(' ') + 1);
    }
  }

  private static JsonNode awaitEvents(ApiClient client, String path, int count) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode body = null;
    while (System.nanoTime() < deadline) {
      body = client.get(path).json();
      if (body.get("events").size() >= count) return body;
      Thread.sleep(50);
    }
    throw new AssertionError(path + " did not list " + count + " events within " + WAIT + ": " + body);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<String> field(JsonNode page, String name) {
    List<String> out = new ArrayList<>();
    page.get("events").forEach(e -> out.add(e.get(name).isNull() ? null : e.get(name).asText()));
    return out;
  }

  @Test
  void theMessagesEventsCarryTheBounceCategoryAndAdvice() {
    ApiClient.Response response = acme.get("/api/v1/events?message=" + queueId);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    JsonNode page = response.json();
    assertThat(field(page, "type")).containsExactlyInAnyOrder("received", "queued", "queued", "delivered", "bounced",
        "dsn_sent");
    assertThat(field(page, "account")).containsOnly("acme");
    assertThat(field(page, "campaign")).containsOnly("launch");
    JsonNode bounced = find(page, "bounced");
    assertThat(bounced.get("recipient").asText()).isEqualTo("gone@example.test");
    assertThat(bounced.get("status_code").asText()).isEqualTo("5.1.1");
    assertThat(bounced.get("reply").asText()).contains("no such user");
    assertThat(bounced.get("category").asText()).isEqualTo("unknown_user");
    assertThat(bounced.get("advice").asText()).isEqualTo(BounceCategory.UNKNOWN_USER.advice());
    assertThat(bounced.get("remote_host").asText()).contains("127.0.0.1");
    assertThat(bounced.get("source_ip").asText()).isEqualTo("127.0.0.1");
    assertThat(bounced.get("recipient_domain").asText()).isEqualTo("example.test");
    assertThat(Instant.parse(bounced.get("time").asText())).isAfterOrEqualTo(sentAt.minusSeconds(1));
    JsonNode delivered = find(page, "delivered");
    assertThat(delivered.get("category").isNull()).isTrue();
    assertThat(delivered.get("advice").isNull()).isTrue();
    assertThat(page.get("next_cursor").isNull()).isTrue();
  }

  private static JsonNode find(JsonNode page, String type) {
    for (JsonNode e : page.get("events")) if (e.get("type").asText().equals(type)) return e;
    throw new AssertionError("no " + type + " event in " + page);
  }

  @Test
  void anAccountKeySeesOnlyItsOwnEventsAndAnAdminKeyChooses() {
    assertThat(field(acme.get("/api/v1/events?limit=1000").json(), "account")).containsOnly("acme");
    assertThat(field(other.get("/api/v1/events").json(), "queue_id")).containsExactly("OTHER1");

    ApiClient.Response naming = acme.get("/api/v1/events?account=other");
    assertThat(naming.status()).isEqualTo(403);
    assertThat(naming.json().at("/error/code").asText()).isEqualTo("forbidden");

    assertThat(field(admin.get("/api/v1/events?account=other").json(), "queue_id")).containsExactly("OTHER1");
    assertThat(new HashSet<>(field(admin.get("/api/v1/events?limit=1000").json(), "account")))
        .contains("acme", "other");
    assertThat(acme.withKey(null).get("/api/v1/events").status()).isEqualTo(401);
  }

  @Test
  void theCursorWalksEveryEventOnceAPageAtATime() {
    List<String> all = field(admin.get("/api/v1/events?limit=1000").json(), "id");
    List<String> walked = new ArrayList<>();
    String path = "/api/v1/events?limit=2";
    int pages = 0;
    while (true) {
      JsonNode page = admin.get(path).json();
      pages++;
      walked.addAll(field(page, "id"));
      if (page.get("next_cursor").isNull()) break;
      path = "/api/v1/events?limit=2&cursor=" + page.get("next_cursor").asText();
    }

    assertThat(walked).containsExactlyElementsOf(all);
    assertThat(pages).isEqualTo((all.size() + 1) / 2);

    JsonNode oldest = admin.get("/api/v1/events?order=oldest&limit=1000").json();
    assertThat(field(oldest, "id")).containsExactlyElementsOf(all.reversed());
    assertThat(admin.get("/api/v1/events?order=oldest&cursor=" + oldest.get("next_cursor").asText()).json()
        .get("events")).isEmpty();
  }

  @Test
  void filtersByRecipientTypeCampaignAndTime() {
    assertThat(field(acme.get("/api/v1/events?recipient=GONE@example.test").json(), "type"))
        .containsExactlyInAnyOrder("queued", "bounced", "dsn_sent");
    assertThat(field(acme.get("/api/v1/events?type=bounced&type=delivered").json(), "recipient"))
        .containsExactlyInAnyOrder("gone@example.test", "reader@example.test");
    assertThat(field(admin.get("/api/v1/events?campaign=launch&type=delivered").json(), "queue_id"))
        .contains(queueId, "OTHER1");
    String future = Instant.now().plus(Duration.ofHours(1)).toString();
    assertThat(acme.get("/api/v1/events?from=" + future).json().get("events")).isEmpty();
    assertThat(acme.get("/api/v1/events?to=" + sentAt.minus(Duration.ofHours(1))).json().get("events")).isEmpty();
  }

  @Test
  void badParametersAre400sNamingTheParameter() {
    assertBadRequest("/api/v1/events?limit=0", "limit", "must be 1 to 1000");
    assertBadRequest("/api/v1/events?limit=many", "limit", "not a whole number");
    assertBadRequest("/api/v1/events?type=opend", "type", "is not an event type");
    assertBadRequest("/api/v1/events?cursor=xyz", "cursor", "not a cursor");
    assertBadRequest("/api/v1/events?from=yesterday", "from", "not a UTC time");
    assertBadRequest("/api/v1/events?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z", "to", "must be after from");
    assertBadRequest("/api/v1/events?recipeint=a@b.test", "recipeint", "unknown parameter");
    assertBadRequest("/api/v1/events?order=sideways", "order", "newest or oldest");
    assertBadRequest("/api/v1/events?limit=5&limit=6", "limit", "once");
    assertBadRequest("/api/v1/stats?group_by=country", "group_by", "is not one of none, account, campaign");
    assertBadRequest("/api/v1/stats?granularity=week", "granularity", "is not one of hour, day");
  }

  private static void assertBadRequest(String path, String field, String message) {
    ApiClient.Response response = acme.get(path);
    assertThat(response.status()).as(path).isEqualTo(400);
    assertThat(response.json().at("/error/code").asText()).isEqualTo("invalid_field");
    assertThat(response.json().at("/error/field").asText()).isEqualTo(field);
    assertThat(response.json().at("/error/message").asText()).contains(message);
  }

  @Test
  void statisticsCountAndRateByCampaignForTheCallersAccount() {
    JsonNode stats = acme.get("/api/v1/stats?granularity=day&group_by=campaign").json();

    assertThat(stats.get("granularity").asText()).isEqualTo("day");
    assertThat(stats.get("group_by").asText()).isEqualTo("campaign");
    assertThat(stats.get("account").asText()).isEqualTo("acme");
    assertThat(stats.get("truncated").asBoolean()).isFalse();
    long delivered = 0;
    long bounced = 0;
    for (JsonNode row : stats.get("rows")) {
      assertThat(row.get("group").asText()).isEqualTo("launch");
      assertThat(fieldNames(row.get("counts"))).containsExactlyInAnyOrder("received", "queued", "delivered",
          "deferred", "bounced", "suppressed", "unsubscribed", "complained", "dsn_sent", "opened", "clicked");
      delivered += row.at("/counts/delivered").asLong();
      bounced += row.at("/counts/bounced").asLong();
    }
    // Only acme's delivery counts, not the one of account "other" in the same campaign.
    assertThat(delivered).isEqualTo(1);
    assertThat(bounced).isEqualTo(1);
    JsonNode row = stats.get("rows").get(stats.get("rows").size() - 1);
    if (stats.get("rows").size() == 1) {
      assertThat(row.at("/rates/delivery").asDouble()).isEqualTo(0.5);
      assertThat(row.at("/rates/bounce").asDouble()).isEqualTo(0.5);
      assertThat(row.at("/rates/complaint").asDouble()).isEqualTo(0.0);
    }

    JsonNode all = admin.get("/api/v1/stats?granularity=day&group_by=account&from="
        + sentAt.minus(Duration.ofDays(1)) + "&to=" + Instant.now().plus(Duration.ofHours(1))).json();
    Set<String> groups = new HashSet<>();
    all.get("rows").forEach(r -> groups.add(r.get("group").isNull() ? null : r.get("group").asText()));
    assertThat(groups).contains("acme", "other");
    assertThat(acme.get("/api/v1/stats?account=other").status()).isEqualTo(403);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void theOpenApiDocumentDescribesBothEndpoints() {
    JsonNode doc = new ApiClient(server.http(), null).get("/api/v1/openapi.json").json();
    assertThat(doc.at("/paths/~1api~1v1~1events/get").isMissingNode()).isFalse();
    assertThat(doc.at("/paths/~1api~1v1~1stats/get").isMissingNode()).isFalse();
    assertThat(doc.at("/components/schemas/Event/properties/advice").isMissingNode()).isFalse();
    assertThat(doc.at("/components/schemas/StatsRow/properties/rates").isMissingNode()).isFalse();
  }
}
