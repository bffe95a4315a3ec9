package dev.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.accounts.AccountAdministration;
import dev.outpost.accounts.AccountLimits;
import dev.outpost.accounts.ApiKeyScope;
import dev.outpost.accounts.PasswordHasher;
import dev.outpost.server.RunningOutpost;
import dev.outpost.store.SqliteStateStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real HTTP calls to a running server: health, the OpenAPI document, errors and API keys. */
class ApiServerTest {
  @TempDir static Path dir;
  static RunningOutpost server;
  static ApiClient anonymous;
  static String acmeKey;
  static String adminKey;

  @BeforeAll
  static void start() throws Exception {
    server = RunningOutpost.start(dir);
    try (SqliteStateStore store = SqliteStateStore.open(dir)) {
      var admin = new AccountAdministration(store, PasswordHasher.production(), new SecureRandom(), Clock.systemUTC());
      admin.addAccount("acme", null, new AccountLimits(100, 0, 0, 0, 0));
      admin.addDomain("acme", "acme.test", false);
      admin.addAccount("ops", null, AccountLimits.UNLIMITED);
      acmeKey = admin.addApiKey("acme", ApiKeyScope.ACCOUNT).secret();
      adminKey = admin.addApiKey("ops", ApiKeyScope.ADMIN).secret();
    }
    anonymous = new ApiClient(server.http(), null);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void healthAndReadinessAnswerWithoutAKey() {
    assertThat(anonymous.get("/healthz").json().get("status").asText()).isEqualTo("ok");
    ApiClient.Response ready = anonymous.get("/readyz");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("status").asText()).isEqualTo("ready");
  }

  @Test
  void openApiDocumentDescribesEveryGroup() {
    ApiClient.Response response = anonymous.get("/api/v1/openapi.json");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    JsonNode doc = response.json();
    assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
    List<String> paths = new ArrayList<>();
    doc.get("paths").fieldNames().forEachRemaining(paths::add);
    assertThat(paths).contains("/healthz", "/readyz", "/api/v1/account", "/api/v1/accounts/{name}/domains");
    assertThat(doc.at("/components/schemas/Account/properties/limits").isMissingNode()).isFalse();
  }

  @Test
  void aMissingOrWrongKeyIsA401InJson() {
    ApiClient.Response none = anonymous.get("/api/v1/account");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().at("/error/code").asText()).isEqualTo("unauthorized");
    assertThat(none.json().at("/error/message").asText()).contains("Authorization: Bearer");

    ApiClient.Response wrong = anonymous.withKey("op_not-a-real-key").get("/api/v1/account");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.json().at("/error/message").asText()).isEqualTo("unknown or revoked API key");
  }

  @Test
  void anAccountKeyReadsItsOwnAccountOnly() {
    ApiClient acme = anonymous.withKey(acmeKey);
    JsonNode me = acme.get("/api/v1/account").json();
    assertThat(me.get("name").asText()).isEqualTo("acme");
    assertThat(me.at("/limits/messages_per_hour").asLong()).isEqualTo(100);
    assertThat(me.at("/domains/0/domain").asText()).isEqualTo("acme.test");
    assertThat(me.get("list_unsubscribe").asBoolean()).isTrue();

    ApiClient.Response other = acme.get("/api/v1/accounts/ops");
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.json().at("/error/message").asText()).contains("may not act for account 'ops'");
    assertThat(acme.get("/api/v1/accounts").status()).isEqualTo(403);
  }

  @Test
  void anAdminCreatesAccountsAndDomains() {
    ApiClient admin = anonymous.withKey(adminKey);
    ApiClient.Response created = admin.post("/api/v1/accounts",
        "{\"name\": \"newsletter\", \"limits\": {\"messages_per_day\": 5000}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().at("/limits/messages_per_day").asLong()).isEqualTo(5000);

    ApiClient.Response domain = admin.post("/api/v1/accounts/newsletter/domains", "{\"domain\": \"News.Example\"}");
    assertThat(domain.status()).as(domain.body()).isEqualTo(201);
    assertThat(admin.get("/api/v1/accounts/newsletter").json().at("/domains/0/domain").asText())
        .isEqualTo("news.example");
    ApiClient.Response taken = admin.post("/api/v1/accounts/ops/domains", "{\"domain\": \"news.example\"}");
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.json().at("/error/message").asText()).contains("belongs to newsletter");

    assertThat(admin.delete("/api/v1/accounts/newsletter/domains/news.example").status()).isEqualTo(204);
    assertThat(admin.get("/api/v1/accounts/newsletter").json().get("domains")).isEmpty();
  }

  @Test
  void badInputNamesTheField() {
    ApiClient admin = anonymous.withKey(adminKey);
    ApiClient.Response typo = admin.post("/api/v1/accounts", "{\"name\": \"x1\", \"limit\": {}}");
    assertThat(typo.status()).isEqualTo(400);
    assertThat(typo.json().at("/error/field").asText()).isEqualTo("limit");
    assertThat(typo.json().at("/error/message").asText()).isEqualTo("unknown field 'limit'");

    ApiClient.Response wrongType = admin.post("/api/v1/accounts",
        "{\"name\": \"x2\", \"limits\": {\"messages_per_day\": \"lots\"}}");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.json().at("/error/field").asText()).isEqualTo("limits.messages_per_day");

    ApiClient.Response broken = admin.post("/api/v1/accounts", "{\"name\": ");
    assertThat(broken.status()).isEqualTo(400);
    assertThat(broken.json().at("/error/message").asText()).startsWith("malformed JSON");

    ApiClient.Response badName = admin.post("/api/v1/accounts", "{\"name\": \"no spaces allowed\"}");
    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.json().at("/error/field").asText()).isEqualTo("name");

    ApiClient.Response notJson = admin.post("/api/v1/accounts", "text/plain", "name=x".getBytes());
    assertThat(notJson.status()).isEqualTo(415);
  }

  @Test
  void unknownPathsAreJson404s() {
    ApiClient.Response response = anonymous.get("/api/v1/nothing-here");
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().at("/error/code").asText()).isEqualTo("not_found");
    assertThat(response.body()).doesNotContain("Exception");
  }
}
