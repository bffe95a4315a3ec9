package dev.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.accounts.Account;
import dev.outpost.accounts.AccountAdministration;
import dev.outpost.accounts.AccountLimits;
import dev.outpost.accounts.ApiKeyScope;
import dev.outpost.accounts.PasswordHasher;
import dev.outpost.dkim.DkimAlgorithm;
import dev.outpost.dkim.DkimKey;
import dev.outpost.dkim.DkimKeyStore;
import dev.outpost.dkim.Dkimpy;
import dev.outpost.server.RunningOutpost;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.suppression.Suppression;
import dev.outpost.suppression.SuppressionReason;
import dev.outpost.suppression.SuppressionScope;
import dev.outpost.testkit.ReceivedMessage;
import dev.outpost.unsubscribe.UnsubscribeKey;
import dev.outpost.unsubscribe.UnsubscribeToken;
import dev.outpost.unsubscribe.UnsubscribeTokens;
import dev.outpost.testkit.SinkBehaviour;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Campaigns through the HTTP API against a running server that relays to a sink: uploads in both
 * formats, personalisation checked in what the sink received, and the state machine.
 */
class CampaignsApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static RunningOutpost server;
  static ApiClient acme;
  static ApiClient limited;
  static ApiClient rival;
  static Map<String, String> dkimRecords;
  static UnsubscribeTokens tokens;

  /** The issue's end-to-end size: every one of them checked at the sink. */
  private static final int RECIPIENTS = 10_000;

  @BeforeAll
  static void start() throws Exception {
    DkimKey key = new DkimKeyStore(dir).generate("acme.test", "s1", DkimAlgorithm.RSA, 2048).key();
    dkimRecords = Map.of(key.recordName().replaceAll("\\.$", ""), key.recordText());
    server = RunningOutpost.start(dir);
    tokens = new UnsubscribeTokens(UnsubscribeKey.loadOrCreate(dir));
    try (SqliteStateStore store = SqliteStateStore.open(dir)) {
      var accounts =
          new AccountAdministration(store, PasswordHasher.production(), new SecureRandom(), Clock.systemUTC());
      accounts.addAccount("acme", null, AccountLimits.UNLIMITED);
      accounts.addDomain("acme", "acme.test", false);
      accounts.addAccount("limited", null, new AccountLimits(40, 0, 0, 0, 0));
      accounts.addDomain("limited", "limited.test", false);
      accounts.addAccount("rival", null, AccountLimits.UNLIMITED);
      accounts.addDomain("rival", "rival.test", false);
      acme = new ApiClient(server.http(), accounts.addApiKey("acme", ApiKeyScope.ACCOUNT).secret());
      limited = new ApiClient(server.http(), accounts.addApiKey("limited", ApiKeyScope.ACCOUNT).secret());
      rival = new ApiClient(server.http(), accounts.addApiKey("rival", ApiKeyScope.ACCOUNT).secret());
      store.putSuppression(new Suppression(new SuppressionScope.Account("acme"), "r7@nd.test",
          SuppressionReason.UNSUBSCRIBE, "", Instant.now(), null));
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aTenThousandRecipientNdjsonCampaignIsPersonalisedSignedAndSentOncePerRecipient() throws Exception {
    String id = create(acme, "Hello {{name}}", "Dear {{name}}, your code is {{code}}.{{missing}}",
        "<p>Dear {{name}}</p>");
    StringBuilder ndjson = new StringBuilder();
    for (int i = 0; i < RECIPIENTS; i++) {
      ndjson.append("{\"email\": \"R").append(i).append("@nd.test\", \"vars\": {\"name\": \"Reader <").append(i)
          .append(">\", \"code\": ").append(100_000 + i).append("}}\n");
    }
    ndjson.append("{\"email\": \"r1@nd.test\"}\n").append("{\"email\": \"nobody\"}\n");

    JsonNode upload = upload(acme, id, "application/x-ndjson", ndjson.toString());

    assertThat(upload.get("added").asLong()).isEqualTo(RECIPIENTS);
    assertThat(upload.get("duplicates").asLong()).isEqualTo(1);
    assertThat(upload.get("rejected").asLong()).isEqualTo(1);
    assertThat(upload.at("/errors/0/line").asLong()).isEqualTo(RECIPIENTS + 2);
    assertThat(upload.at("/errors/0/field").asText()).isEqualTo("email");
    assertThat(upload.get("recipients").asLong()).isEqualTo(RECIPIENTS);

    assertThat(acme.post("/api/v1/campaigns/" + id + "/send", "").status()).isEqualTo(200);
    JsonNode done = awaitState(acme, id, "done");
    assertThat(done.at("/counts/queued").asLong()).isEqualTo(RECIPIENTS - 1);
    assertThat(done.at("/counts/suppressed").asLong()).isEqualTo(1);
    assertThat(done.at("/counts/pending").asLong()).isZero();
    assertThat(done.get("progress").asDouble()).isEqualTo(1.0);

    List<ReceivedMessage> received = awaitRecipients("@nd.test", RECIPIENTS - 1);
    assertThat(received.stream().map(m -> m.recipients().get(0))).doesNotHaveDuplicates().doesNotContain("r7@nd.test");
    Set<String> messageIds = new HashSet<>();
    for (ReceivedMessage m : received) {
      int i = Integer.parseInt(m.recipients().get(0).replaceAll("\\D", ""));
      MimeMessage mime = mime(m);
      assertThat(mime.getSubject()).isEqualTo("Hello Reader <" + i + ">");
      assertThat(mime.getHeader("X-Outpost-Campaign", ",")).isEqualTo(id);
      assertThat(mime.getHeader("Feedback-ID", ",")).isEqualTo(id + ":acme:outpost");
      // One message per recipient, so each carries a link that unsubscribes exactly its recipient.
      String link = mime.getHeader("List-Unsubscribe", ",").replaceAll("(?s).*/u/([A-Za-z0-9_-]+)>.*", "$1");
      assertThat(tokens.verify(link)).contains(new UnsubscribeToken("acme", "r" + i + "@nd.test", id));
      assertThat(mime.getHeader("To", ",")).isEqualTo("r" + i + "@nd.test");
      assertThat(m.sender()).isEqualTo("news@acme.test");
      assertThat(m.dataAsString()).startsWith("DKIM-Signature: ");
      messageIds.add(mime.getMessageID());
      Multipart alternative = (Multipart) mime.getContent();
      assertThat(alternative.getBodyPart(0).getContent()).isEqualTo("Dear Reader <" + i + ">, your code is " + (100_000 + i) + ".");
      assertThat(alternative.getBodyPart(1).getContent()).isEqualTo("<p>Dear Reader &lt;" + i + "&gt;</p>");
    }
    assertThat(messageIds).hasSize(RECIPIENTS - 1);
    Dkimpy.require();
    assertThat(Dkimpy.verify(received.get(0).data(), dkimRecords)).containsExactly("pass");

    await("the event log to count every delivery",
        () -> acme.get("/api/v1/campaigns/" + id).json().at("/outcomes/delivered").asLong() == RECIPIENTS - 1);
    assertThat(acme.get("/api/v1/campaigns/" + id).json().at("/outcomes/bounced").asLong()).isZero();

    JsonNode suppressed = acme.get("/api/v1/campaigns/" + id + "/recipients?state=suppressed").json();
    assertThat(suppressed.at("/recipients/0/email").asText()).isEqualTo("r7@nd.test");
    assertThat(suppressed.at("/recipients/0/detail").asText()).isEqualTo("on the suppression list of acme: unsubscribe");
  }

  @Test
  void aCsvCampaignMayComeInSeveralUploads() throws Exception {
    String id = create(acme, "{{first_name}}, news from {{city}}", "Hi {{first_name}} in {{city}}", null);
    for (int part = 0; part < 2; part++) {
      StringBuilder csv = new StringBuilder("email,first_name,city\r\n");
      for (int i = part * 100; i < part * 100 + 100; i++) {
        csv.append("c").append(i).append("@csv.test,Name").append(i).append(",\"Town ").append(i).append(", North\"\r\n");
      }
      JsonNode upload = upload(acme, id, "text/csv; charset=utf-8", csv.toString());
      assertThat(upload.get("added").asLong()).isEqualTo(100);
      assertThat(upload.get("recipients").asLong()).isEqualTo(100 * (part + 1));
    }

    acme.post("/api/v1/campaigns/" + id + "/send", "");
    assertThat(awaitState(acme, id, "done").at("/counts/queued").asLong()).isEqualTo(200);

    for (ReceivedMessage m : awaitRecipients("@csv.test", 200)) {
      int i = Integer.parseInt(m.recipients().get(0).replaceAll("\\D", ""));
      MimeMessage mime = mime(m);
      assertThat(mime.getSubject()).isEqualTo("Name" + i + ", news from Town " + i + ", North");
      assertThat(mime.getContentType()).startsWith("text/plain");
      assertThat(mime.getContent()).isEqualTo("Hi Name" + i + " in Town " + i + ", North\r\n");
    }
  }

  @Test
  void mistakesAreNamedAndStatesAreKept() throws Exception {
    ApiClient.Response notCompiling = acme.post("/api/v1/campaigns",
        template("news@acme.test", "Hi {{#name}}", "x", null).toString());
    assertThat(notCompiling.status()).isEqualTo(400);
    assertThat(notCompiling.json().at("/error/field").asText()).isEqualTo("template.subject");
    assertThat(notCompiling.json().at("/error/message").asText()).startsWith("the template does not compile");

    ApiClient.Response foreign = acme.post("/api/v1/campaigns", template("ceo@rival.test", "s", "x", null).toString());
    assertThat(foreign.status()).isEqualTo(403);
    assertThat(foreign.json().at("/error/field").asText()).isEqualTo("template.from");
    assertThat(foreign.json().at("/error/message").asText())
        .isEqualTo("From: <ceo@rival.test> is not in a domain of account acme");

    ObjectNode typo = template("news@acme.test", "s", "x", null);
    ((ObjectNode) typo.get("template")).put("subjekt", "x");
    ApiClient.Response unknown = acme.post("/api/v1/campaigns", typo.toString());
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().at("/error/field").asText()).isEqualTo("template.subjekt");

    String id = create(acme, "s", "x", null);
    ApiClient.Response wrongType = acme.post("/api/v1/campaigns/" + id + "/recipients", "application/json",
        "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(wrongType.status()).isEqualTo(415);
    assertThat(acme.post("/api/v1/campaigns/" + id + "/resume", "").status()).isEqualTo(409);
    assertThat(rival.get("/api/v1/campaigns/" + id).status()).isEqualTo(403);
    assertThat(acme.get("/api/v1/campaigns/cNOSUCHCAMPAIGN").status()).isEqualTo(404);

    upload(acme, id, "application/x-ndjson", "{\"email\": \"one@states.test\"}\n");
    assertThat(acme.post("/api/v1/campaigns/" + id + "/send", "").status()).isEqualTo(200);
    assertThat(acme.post("/api/v1/campaigns/" + id + "/send", "").status()).isEqualTo(409);
    ApiClient.Response late = acme.post("/api/v1/campaigns/" + id + "/recipients", "application/x-ndjson",
        "{\"email\": \"two@states.test\"}\n".getBytes(StandardCharsets.UTF_8));
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.json().at("/error/message").asText()).contains("only a draft takes recipients");
    awaitState(acme, id, "done");
    assertThat(acme.get("/api/v1/campaigns").json().get("campaigns").findValuesAsText("id")).contains(id);
  }

  @Test
  void anAccountLimitPausesTheCampaignWithTheReasonAndResumeGoesOnWhereItStopped() throws Exception {
    String id = create(limited, "limited", "hello {{email}}", null, "news@limited.test");
    upload(limited, id, "application/x-ndjson", lines(100, "@limit.test"));

    limited.post("/api/v1/campaigns/" + id + "/send", "");
    JsonNode paused = awaitState(limited, id, "paused");
    assertThat(paused.get("reason").asText()).isEqualTo("Account limit reached: 40 messages per hour");
    assertThat(paused.at("/counts/queued").asLong()).isEqualTo(40);
    assertThat(paused.at("/counts/pending").asLong()).isEqualTo(60);
    assertThat(paused.at("/counts/failed").asLong()).isZero();

    try (SqliteStateStore store = SqliteStateStore.open(dir)) {
      Account a = store.findAccount("limited").orElseThrow();
      store.updateAccount(new Account(a.name(), a.enabled(), a.bounceAddress(), AccountLimits.UNLIMITED,
          a.listUnsubscribe(), a.lockedUntil(), a.createdAt()));
    }
    JsonNode resumed = limited.post("/api/v1/campaigns/" + id + "/resume", "").json();
    assertThat(resumed.get("state").asText()).isIn("sending", "done");
    assertThat(resumed.has("reason")).isFalse();
    assertThat(awaitState(limited, id, "done").at("/counts/queued").asLong()).isEqualTo(100);

    List<ReceivedMessage> received = awaitRecipients("@limit.test", 100);
    assertThat(received.stream().map(m -> m.recipients().get(0))).doesNotHaveDuplicates();
  }

  @Test
  void pauseStopsTheExpansionAndResumeFinishesItWithoutRepeats() throws Exception {
    int total = 1500;
    String id = create(acme, "paused", "hello {{email}}", null);
    upload(acme, id, "application/x-ndjson", lines(total, "@pause.test"));

    acme.post("/api/v1/campaigns/" + id + "/send", "");
    ApiClient.Response pause = acme.post("/api/v1/campaigns/" + id + "/pause", "");
    assertThat(pause.status()).as(pause.body()).isEqualTo(200);
    JsonNode paused = pause.json();
    assertThat(paused.get("state").asText()).isEqualTo("paused");
    long queued = paused.at("/counts/queued").asLong();
    assertThat(queued).isLessThan(total);
    Thread.sleep(300);
    assertThat(acme.get("/api/v1/campaigns/" + id).json().at("/counts/queued").asLong()).isEqualTo(queued);
    assertThat(awaitRecipients("@pause.test", (int) queued)).hasSize((int) queued);

    acme.post("/api/v1/campaigns/" + id + "/resume", "");
    assertThat(awaitState(acme, id, "done").at("/counts/queued").asLong()).isEqualTo(total);
    List<ReceivedMessage> received = awaitRecipients("@pause.test", total);
    assertThat(received.stream().map(m -> m.recipients().get(0))).doesNotHaveDuplicates();
  }

  @Test
  void cancelDeletesTheMessagesNotYetDeliveredAndSendsNoMore() throws Exception {
    int total = 50;
    SinkBehaviour deferring = SinkBehaviour.accepting();
    for (int i = 0; i < total; i++) deferring = deferring.replyTo("r" + i + "@cancel.test", "451 4.3.0 try later");
    server.sink.behave(deferring);
    try {
      String id = create(acme, "cancelled", "hello", null);
      upload(acme, id, "application/x-ndjson", lines(total, "@cancel.test"));
      acme.post("/api/v1/campaigns/" + id + "/send", "");
      awaitState(acme, id, "done");
      await("every message deferred once", () -> server.sink.commands().stream()
          .filter(c -> c.contains("@cancel.test")).map(String::toLowerCase).distinct().count() == total);
      Thread.sleep(500);

      ApiClient.Response cancel = acme.post("/api/v1/campaigns/" + id + "/cancel", "");

      assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
      JsonNode result = cancel.json();
      assertThat(result.get("removed").asLong() + result.get("in_delivery").asLong()).isEqualTo(total);
      assertThat(result.get("removed").asLong()).isPositive();
      assertThat(result.at("/campaign/state").asText()).isEqualTo("cancelled");
      assertThat(result.at("/campaign/counts/cancelled").asLong()).isEqualTo(result.get("removed").asLong());
      assertThat(acme.post("/api/v1/campaigns/" + id + "/cancel", "").status()).isEqualTo(409);
    } finally {
      server.sink.behave(SinkBehaviour.accepting());
    }
  }

  @Test
  void cancellingASendingCampaignLeavesItsPendingRecipientsUnsent() throws Exception {
    String id = create(acme, "cancel early", "hello", null);
    upload(acme, id, "application/x-ndjson", lines(1000, "@early.test"));

    acme.post("/api/v1/campaigns/" + id + "/send", "");
    JsonNode result = acme.post("/api/v1/campaigns/" + id + "/cancel", "").json();

    JsonNode counts = result.at("/campaign/counts");
    assertThat(result.get("not_sent").asLong()).isPositive();
    assertThat(counts.get("pending").asLong()).isZero();
    assertThat(counts.get("queued").asLong() + counts.get("cancelled").asLong()).isEqualTo(1000);
    long reachedQueue = 1000 - result.get("not_sent").asLong();
    Thread.sleep(1000);
    assertThat(server.sink.messages().stream().filter(m -> m.recipients().get(0).endsWith("@early.test")).count())
        .isLessThanOrEqualTo(reachedQueue);
  }

  static String lines(int n, String domain) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) out.append("{\"email\": \"r").append(i).append(domain).append("\"}\n");
    return out.toString();
  }

  private static ObjectNode template(String from, String subject, String text, String html) {
    ObjectNode body = JSON.createObjectNode().put("name", "test");
    ObjectNode template = body.putObject("template").put("from", from).put("subject", subject).put("text", text);
    if (html != null) template.put("html", html);
    return body;
  }

  private static String create(ApiClient client, String subject, String text, String html) {
    return create(client, subject, text, html, "News <news@acme.test>");
  }

  private static String create(ApiClient client, String subject, String text, String html, String from) {
    ApiClient.Response created = client.post("/api/v1/campaigns", template(from, subject, text, html).toString());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("state").asText()).isEqualTo("draft");
    return created.json().get("id").asText();
  }

  static JsonNode upload(ApiClient client, String id, String type, String body) {
    ApiClient.Response response = client.post("/api/v1/campaigns/" + id + "/recipients", type,
        body.getBytes(StandardCharsets.UTF_8));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  static JsonNode awaitState(ApiClient client, String id, String state) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    JsonNode campaign = null;
    while (System.nanoTime() < deadline) {
      campaign = client.get("/api/v1/campaigns/" + id).json();
      if (campaign.get("state").asText().equals(state)) return campaign;
      Thread.sleep(50);
    }
    throw new AssertionError("campaign " + id + " never became " + state + ": " + campaign);
  }

  private static List<ReceivedMessage> awaitRecipients(String domain, int n) throws InterruptedException {
    return awaitRecipients(server, domain, n);
  }

  /** The sink's messages to this domain, once there are n of them; each has one recipient. */
  static List<ReceivedMessage> awaitRecipients(RunningOutpost server, String domain, int n)
      throws InterruptedException {
    Predicate<ReceivedMessage> ours = m -> m.recipients().get(0).endsWith(domain);
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (System.nanoTime() < deadline) {
      List<ReceivedMessage> matching = server.sink.messages().stream().filter(ours).toList();
      if (matching.size() >= n) {
        assertThat(matching).allSatisfy(m -> assertThat(m.recipients()).hasSize(1));
        return matching;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the sink has " + server.sink.messages().stream().filter(ours).count()
        + " messages to " + domain + ", expected " + n + ": "
        + server.sink.messages().stream().filter(ours).map(m -> m.recipients().get(0)).collect(Collectors.toSet()));
  }

  private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(50);
    }
  }

  private static MimeMessage mime(ReceivedMessage m) throws Exception {
    return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(m.data()));
  }
}
