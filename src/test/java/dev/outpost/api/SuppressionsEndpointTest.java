package dev.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.accounts.AccountAdministration;
import dev.outpost.accounts.AccountLimits;
import dev.outpost.accounts.ApiKeyScope;
import dev.outpost.accounts.PasswordHasher;
import dev.outpost.server.RunningOutpost;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.testkit.TranscriptClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/v1/suppressions} over real HTTP, and its effect on the next RCPT of a running server. */
class SuppressionsEndpointTest {
  @TempDir static Path dir;
  static RunningOutpost server;
  static ApiClient acme;
  static ApiClient other;
  static ApiClient pager;
  static ApiClient admin;

  @BeforeAll
  static void start() throws Exception {
    server = RunningOutpost.start(dir);
    try (SqliteStateStore store = SqliteStateStore.open(dir)) {
      var a = new AccountAdministration(store, PasswordHasher.production(), new SecureRandom(), Clock.systemUTC());
      a.addAccount("acme", null, AccountLimits.UNLIMITED);
      a.addAccount("other", null, AccountLimits.UNLIMITED);
      a.addAccount("ops", null, AccountLimits.UNLIMITED);
      a.addAccount("pager", null, AccountLimits.UNLIMITED);
      ApiClient anonymous = new ApiClient(server.http(), null);
      acme = anonymous.withKey(a.addApiKey("acme", ApiKeyScope.ACCOUNT).secret());
      other = anonymous.withKey(a.addApiKey("other", ApiKeyScope.ACCOUNT).secret());
      admin = anonymous.withKey(a.addApiKey("ops", ApiKeyScope.ADMIN).secret());
      pager = anonymous.withKey(a.addApiKey("pager", ApiKeyScope.ACCOUNT).secret());
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anAccountAddsListsAndRemovesItsOwnEntries() {
    ApiClient.Response added = acme.post("/api/v1/suppressions",
        "{\"address\": \"Reader@Example.com\", \"reason\": \"unsubscribe\", \"detail\": \"asked by phone\"}");

    assertThat(added.status()).as(added.body()).isEqualTo(201);
    JsonNode entry = added.json();
    assertThat(entry.get("address").asText()).isEqualTo("reader@example.com");
    assertThat(entry.get("scope").asText()).isEqualTo("acme");
    assertThat(entry.get("reason").asText()).isEqualTo("unsubscribe");
    assertThat(entry.get("detail").asText()).isEqualTo("asked by phone");
    assertThat(entry.get("expires_at").isNull()).isTrue();
    assertThat(entry.get("active").asBoolean()).isTrue();

    JsonNode list = acme.get("/api/v1/suppressions").json();
    assertThat(list.get("suppressions")).hasSize(1);
    assertThat(list.get("next_cursor").isNull()).isTrue();
    assertThat(other.get("/api/v1/suppressions").json().get("suppressions")).isEmpty();

    assertThat(acme.delete("/api/v1/suppressions/READER@example.com").status()).isEqualTo(204);
    ApiClient.Response again = acme.delete("/api/v1/suppressions/reader@example.com");
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.json().at("/error/message").asText()).contains("not on the list of acme");
  }

  @Test
  void pagesFollowTheCursorToTheEnd() {
    for (int i = 0; i < 7; i++) {
      assertThat(pager.post("/api/v1/suppressions", "{\"address\": \"p" + i + "@example.com\"}").status())
          .isEqualTo(201);
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page = pager.get("/api/v1/suppressions?limit=3" + (cursor == null ? "" : "&cursor=" + cursor)).json();
      page.get("suppressions").forEach(e -> seen.add(e.get("address").asText()));
      cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(seen).containsExactly("p0@example.com", "p1@example.com", "p2@example.com", "p3@example.com",
        "p4@example.com", "p5@example.com", "p6@example.com");
    assertThat(pager.get("/api/v1/suppressions?limit=0").status()).isEqualTo(400);
    assertThat(pager.get("/api/v1/suppressions?cursor=***").status()).isEqualTo(400);
  }

  @Test
  void anAccountKeyIsHeldToItsOwnListAndAnAdminMayNameAnyOrTheGlobalOne() {
    assertThat(acme.get("/api/v1/suppressions?account=other").status()).isEqualTo(403);
    assertThat(acme.get("/api/v1/suppressions?global=true").status()).isEqualTo(403);
    assertThat(acme.post("/api/v1/suppressions", "{\"address\": \"x@example.com\", \"account\": \"other\"}").status())
        .isEqualTo(403);
    assertThat(acme.delete("/api/v1/suppressions/x@example.com?global=true").status()).isEqualTo(403);

    ApiClient.Response global = admin.post("/api/v1/suppressions",
        "{\"address\": \"trap@example.net\", \"global\": true, \"expires_at\": \"2099-01-01T00:00:00Z\"}");
    assertThat(global.status()).as(global.body()).isEqualTo(201);
    assertThat(global.json().get("scope").asText()).isEqualTo("global");
    assertThat(admin.get("/api/v1/suppressions?global=true").json().at("/suppressions/0/expires_at").asText())
        .isEqualTo("2099-01-01T00:00:00Z");
    assertThat(admin.post("/api/v1/suppressions", "{\"address\": \"y@example.com\", \"account\": \"acme\"}").status())
        .isEqualTo(201);
    assertThat(admin.get("/api/v1/suppressions?account=ghost").status()).isEqualTo(404);
    assertThat(admin.delete("/api/v1/suppressions/y@example.com?account=acme").status()).isEqualTo(204);
    assertThat(admin.delete("/api/v1/suppressions/trap@example.net?global=true").status()).isEqualTo(204);
  }

  @Test
  void badEntriesNameTheField() {
    assertThat(acme.post("/api/v1/suppressions", "{\"address\": \"no-at-sign\"}").json().at("/error/field").asText())
        .isEqualTo("address");
    assertThat(acme.post("/api/v1/suppressions", "{\"address\": \"a@b.example\", \"reason\": \"bored\"}").json()
        .at("/error/field").asText()).isEqualTo("reason");
    assertThat(acme.post("/api/v1/suppressions", "{\"address\": \"a@b.example\", \"expires_at\": \"soon\"}").json()
        .at("/error/field").asText()).isEqualTo("expires_at");
    assertThat(acme.post("/api/v1/suppressions", "{\"address\": \"a@b.example\", \"reasons\": \"x\"}").json()
        .at("/error/field").asText()).isEqualTo("reasons");
  }

  /** Trusted clients are held to the global list: an entry added over the API refuses the next RCPT. */
  @Test
  void anEntryAddedOverTheApiRefusesTheNextRcptAtOnce() throws Exception {
    assertThat(admin.post("/api/v1/suppressions", "{\"address\": \"gone@example.org\", \"global\": true}").status())
        .isEqualTo(201);

    try (TranscriptClient c = server.greeted()) {
      c.send("MAIL FROM:<news@sender.test>").expectCode(250);
      c.send("RCPT TO:<gone@example.org>").expectCode(550);
    }
    assertThat(admin.delete("/api/v1/suppressions/gone@example.org?global=true").status()).isEqualTo(204);
    try (TranscriptClient c = server.greeted()) {
      c.send("MAIL FROM:<news@sender.test>").expectCode(250);
      c.send("RCPT TO:<gone@example.org>").expectCode(250);
    }
  }

  @Test
  void theOpenApiDocumentDescribesSuppressionsAndTheOneClickUrl() {
    JsonNode doc = admin.get("/api/v1/openapi.json").json();
    assertThat(doc.at("/paths/~1api~1v1~1suppressions/get").isMissingNode()).isFalse();
    assertThat(doc.at("/paths/~1u~1{token}/post").isMissingNode()).isFalse();
    assertThat(doc.at("/components/schemas/Suppression").isMissingNode()).isFalse();
  }
}
