package dev.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.accounts.AccountAdministration;
import dev.outpost.accounts.AccountLimits;
import dev.outpost.accounts.ApiKeyScope;
import dev.outpost.accounts.PasswordHasher;
import dev.outpost.server.RunningOutpost;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.webhooks.WebhookReceiver;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real HTTP calls to every webhook endpoint of a running server, with a real receiver for the tests. */
class WebhooksEndpointTest {
  @TempDir static Path dir;
  static RunningOutpost server;
  static WebhookReceiver receiver;
  static ApiClient acme;
  static ApiClient other;
  static ApiClient admin;

  @BeforeAll
  static void start() throws Exception {
    server = RunningOutpost.start(dir);
    try (SqliteStateStore store = SqliteStateStore.open(dir)) {
      var accounts = new AccountAdministration(store, PasswordHasher.production(), new SecureRandom(), Clock.systemUTC());
      for (String name : List.of("acme", "other", "ops")) accounts.addAccount(name, null, AccountLimits.UNLIMITED);
      ApiClient anonymous = new ApiClient(server.http(), null);
      acme = anonymous.withKey(accounts.addApiKey("acme", ApiKeyScope.ACCOUNT).secret());
      other = anonymous.withKey(accounts.addApiKey("other", ApiKeyScope.ACCOUNT).secret());
      admin = anonymous.withKey(accounts.addApiKey("ops", ApiKeyScope.ADMIN).secret());
    }
    receiver = WebhookReceiver.start(Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    server.close();
    receiver.close();
  }

  private static JsonNode create(ApiClient client, String body) {
    ApiClient.Response created = client.post("/api/v1/webhooks", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json();
  }

  private static String url(String path) {
    return receiver.url(path).toString();
  }

  @Test
  void aWebhookIsCreatedWithItsSecretOnceThenListedReadAndDeleted() {
    JsonNode created = create(acme, "{\"url\": \"" + url("/a") + "\", \"event_types\": [\"delivered\", \"bounced\"],"
        + " \"description\": \"CRM sync\"}");

    String id = created.get("id").asText();
    assertThat(id).matches("wh_[0-9a-f]{16}");
    assertThat(created.get("secret").asText()).startsWith("whsec_").hasSize(49);
    assertThat(created.get("account").asText()).isEqualTo("acme");
    assertThat(created.get("url").asText()).isEqualTo(url("/a"));
    assertThat(created.get("event_types")).extracting(JsonNode::asText).containsExactly("delivered", "bounced");
    assertThat(created.get("description").asText()).isEqualTo("CRM sync");
    assertThat(created.get("created_at").asText()).endsWith("Z");
    assertThat(created.get("failed_attempts").asInt()).isZero();
    assertThat(created.get("next_attempt_at").isNull()).isTrue();

    JsonNode listed = acme.get("/api/v1/webhooks").json().get("webhooks");
    assertThat(ids(listed)).contains(id);
    assertThat(listed).allSatisfy(w -> assertThat(w.has("secret")).isFalse());
    ApiClient.Response one = acme.get("/api/v1/webhooks/" + id);
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().has("secret")).isFalse();
    assertThat(one.json().get("pending_events").asLong()).isZero();
    assertThat(one.json().get("event_types")).hasSize(2);

    assertThat(acme.delete("/api/v1/webhooks/" + id).status()).isEqualTo(204);
    ApiClient.Response gone = acme.get("/api/v1/webhooks/" + id);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().at("/error/code").asText()).isEqualTo("not_found");
    assertThat(acme.delete("/api/v1/webhooks/" + id).status()).isEqualTo(404);
    assertThat(ids(acme.get("/api/v1/webhooks").json().get("webhooks"))).doesNotContain(id);
  }

  @Test
  void noEventTypesMeansEveryType() {
    JsonNode created = create(acme, "{\"url\": \"" + url("/all") + "\"}");
    assertThat(created.get("event_types")).isEmpty();
    assertThat(created.get("description").isNull()).isTrue();
  }

  @Test
  void badInputIsA400NamingTheField() {
    assertField(acme.post("/api/v1/webhooks", "{\"event_types\": []}"), "url", "url is required");
    assertField(acme.post("/api/v1/webhooks", "{\"url\": \"ftp://files.example/x\"}"), "url",
        "must be an http or https URL with a host");
    assertField(acme.post("/api/v1/webhooks", "{\"url\": \"https:///no-host\"}"), "url", "with a host");
    assertField(acme.post("/api/v1/webhooks", "{\"url\": \"hooks.example/x\"}"), "url", "with a host");
    assertField(acme.post("/api/v1/webhooks", "{\"url\": \"https://user:pw@hooks.example/x\"}"), "url",
        "must not hold credentials");
    assertField(acme.post("/api/v1/webhooks", "{\"url\": \"https://hooks example/\"}"), "url", "not a URL");
    assertField(acme.post("/api/v1/webhooks", "{\"url\": \"https://hooks.example/\", \"event_types\": [\"delivered\","
        + " \"sent\"]}"), "event_types[1]", "'sent' is not an event type; the types are received, queued, delivered");
    assertField(acme.post("/api/v1/webhooks", "{\"url\": \"https://hooks.example/\", \"description\": \""
        + "x".repeat(201) + "\"}"), "description", "at most 200 characters");
    assertField(acme.post("/api/v1/webhooks", "{\"url\": \"https://hooks.example/\", \"events\": [\"delivered\"]}"),
        "events", "unknown field 'events'");
    assertField(acme.post("/api/v1/webhooks", "{\"url\": \"https://hooks.example/\", \"event_types\": \"bounced\"}"),
        "event_types", "malformed JSON");
    assertField(acme.get("/api/v1/webhooks?acount=acme"), "acount", "unknown parameter 'acount'");

    String id = create(acme, "{\"url\": \"" + url("/limits") + "\"}").get("id").asText();
    assertField(acme.get("/api/v1/webhooks/" + id + "/deliveries?limit=0"), "limit", "must be 1 to 500");
    assertField(acme.get("/api/v1/webhooks/" + id + "/deliveries?limit=lots"), "limit", "not a whole number");
    assertThat(acme.post("/api/v1/webhooks", "text/plain", "url=x".getBytes()).status()).isEqualTo(415);
  }

  private static void assertField(ApiClient.Response response, String field, String message) {
    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.json().at("/error/code").asText()).isEqualTo("invalid_field");
    assertThat(response.json().at("/error/field").asText()).isEqualTo(field);
    assertThat(response.json().at("/error/message").asText()).contains(message);
  }

  @Test
  void anAccountKeyMayNotTouchAnotherAccountsWebhooks() {
    String theirs = create(other, "{\"url\": \"" + url("/other") + "\"}").get("id").asText();

    for (ApiClient.Response r : List.of(acme.get("/api/v1/webhooks/" + theirs),
        acme.delete("/api/v1/webhooks/" + theirs),
        acme.get("/api/v1/webhooks/" + theirs + "/deliveries"),
        acme.post("/api/v1/webhooks/" + theirs + "/test", ""),
        acme.get("/api/v1/webhooks?account=other"),
        acme.post("/api/v1/webhooks", "{\"url\": \"" + url("/x") + "\", \"account\": \"other\"}"))) {
      assertThat(r.status()).as(r.body()).isEqualTo(403);
      assertThat(r.json().at("/error/code").asText()).isEqualTo("forbidden");
      assertThat(r.json().at("/error/message").asText()).contains("may not act for account 'other'");
    }
    assertThat(ids(acme.get("/api/v1/webhooks").json().get("webhooks"))).doesNotContain(theirs);
    assertThat(other.get("/api/v1/webhooks/" + theirs).status()).isEqualTo(200);
  }

  @Test
  void anAdminActsForTheAccountItNamesAndListsEveryAccount() {
    JsonNode forOther = create(admin, "{\"url\": \"" + url("/by-admin") + "\", \"account\": \"other\"}");
    assertThat(forOther.get("account").asText()).isEqualTo("other");
    String own = create(admin, "{\"url\": \"" + url("/ops") + "\"}").get("id").asText();
    String acmes = create(acme, "{\"url\": \"" + url("/acme") + "\"}").get("id").asText();

    assertThat(ids(admin.get("/api/v1/webhooks").json().get("webhooks")))
        .contains(forOther.get("id").asText(), own, acmes);
    assertThat(ids(admin.get("/api/v1/webhooks?account=acme").json().get("webhooks"))).contains(acmes)
        .doesNotContain(own);
    assertThat(admin.get("/api/v1/webhooks/" + acmes).status()).isEqualTo(200);
    assertThat(other.get("/api/v1/webhooks/" + forOther.get("id").asText()).status()).isEqualTo(200);

    ApiClient.Response nobody = admin.post("/api/v1/webhooks", "{\"url\": \"" + url("/x") + "\", \"account\": \"nobody\"}");
    assertThat(nobody.status()).isEqualTo(404);
    assertThat(nobody.json().at("/error/message").asText()).isEqualTo("no account named nobody");
  }

  @Test
  void aTestPostIsSignedAndLoggedWhateverTheEndpointAnswers() throws Exception {
    JsonNode created = create(acme, "{\"url\": \"" + url("/test") + "\"}");
    String id = created.get("id").asText();
    receiver.trust(id, created.get("secret").asText());
    int before = receiver.deliveries().size();

    ApiClient.Response ok = acme.post("/api/v1/webhooks/" + id + "/test", "");
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.json().get("outcome").asText()).isEqualTo("test");
    assertThat(ok.json().get("http_status").asInt()).isEqualTo(200);
    assertThat(ok.json().get("error").isNull()).isTrue();
    assertThat(ok.json().get("event_count").asInt()).isZero();
    WebhookReceiver.Delivery arrived = receiver.deliveries().get(before);
    assertThat(arrived.webhookId()).isEqualTo(id);
    assertThat(arrived.deliveryId()).isEqualTo(ok.json().get("id").asText());
    assertThat(arrived.body().get("test").asBoolean()).isTrue();
    assertThat(arrived.events()).isEmpty();
    assertThat(receiver.refused()).isEmpty();

    receiver.answer(503);
    try {
      ApiClient.Response failing = acme.post("/api/v1/webhooks/" + id + "/test", "");
      assertThat(failing.status()).isEqualTo(200);
      assertThat(failing.json().get("http_status").asInt()).isEqualTo(503);
      assertThat(failing.json().get("error").asText()).isEqualTo("HTTP 503: try later");
    } finally {
      receiver.answer(200);
    }

    JsonNode log = acme.get("/api/v1/webhooks/" + id + "/deliveries").json().get("deliveries");
    assertThat(log).hasSize(2);
    assertThat(log.get(0).get("http_status").asInt()).isEqualTo(503);
    assertThat(log.get(1).get("id").asText()).isEqualTo(ok.json().get("id").asText());
    assertThat(acme.get("/api/v1/webhooks/" + id + "/deliveries?limit=1").json().get("deliveries")).hasSize(1);
    assertThat(acme.get("/api/v1/webhooks/" + id).json().get("failed_attempts").asInt()).isZero();
  }

  @Test
  void aTestToAnEndpointThatIsDownSaysSo() throws Exception {
    JsonNode created = create(acme, "{\"url\": \"http://127.0.0.1:1/nothing-listens\"}");

    ApiClient.Response refused = acme.post("/api/v1/webhooks/" + created.get("id").asText() + "/test", "");

    assertThat(refused.status()).isEqualTo(200);
    assertThat(refused.json().get("http_status").isNull()).isTrue();
    assertThat(refused.json().get("error").asText()).isEqualTo("connection refused or unreachable");
  }

  @Test
  void theOpenApiDocumentDescribesTheWebhookEndpoints() {
    JsonNode doc = new ApiClient(server.http(), null).get("/api/v1/openapi.json").json();
    List<String> paths = new ArrayList<>();
    doc.get("paths").fieldNames().forEachRemaining(paths::add);
    assertThat(paths).contains("/api/v1/webhooks", "/api/v1/webhooks/{id}", "/api/v1/webhooks/{id}/deliveries",
        "/api/v1/webhooks/{id}/test");
    assertThat(doc.at("/components/schemas/WebhookDelivery/properties/outcome").isMissingNode()).isFalse();
  }

  private static List<String> ids(JsonNode webhooks) {
    List<String> out = new ArrayList<>();
    webhooks.forEach(w -> out.add(w.get("id").asText()));
    return out;
  }
}
