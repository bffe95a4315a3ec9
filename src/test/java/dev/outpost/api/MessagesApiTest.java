package dev.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/messages} against a running server that relays to a sink: what the API
 * answers, and what arrives at the sink.
 */
class MessagesApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static RunningOutpost server;
  static ApiClient acme;
  static ApiClient admin;
  static ApiClient tiny;
  static Map<String, String> dkimRecords;

  @BeforeAll
  static void start() throws Exception {
    DkimKey key = new DkimKeyStore(dir).generate("acme.test", "s1", DkimAlgorithm.RSA, 2048).key();
    dkimRecords = Map.of(key.recordName().replaceAll("\\.$", ""), key.recordText());
    server = RunningOutpost.start(dir);
    String acmeKey;
    String adminKey;
    String tinyKey;
    try (SqliteStateStore store = SqliteStateStore.open(dir)) {
      var accounts =
          new AccountAdministration(store, PasswordHasher.production(), new SecureRandom(), Clock.systemUTC());
      accounts.addAccount("acme", null, AccountLimits.UNLIMITED);
      accounts.addDomain("acme", "acme.test", false);
      accounts.addAccount("rival", null, AccountLimits.UNLIMITED);
      accounts.addDomain("rival", "rival.test", false);
      accounts.addAccount("tiny", null, new AccountLimits(1, 0, 0, 2, 0));
      accounts.addDomain("tiny", "tiny.test", false);
      accounts.addAccount("ops", null, AccountLimits.UNLIMITED);
      acmeKey = accounts.addApiKey("acme", ApiKeyScope.ACCOUNT).secret();
      tinyKey = accounts.addApiKey("tiny", ApiKeyScope.ACCOUNT).secret();
      adminKey = accounts.addApiKey("ops", ApiKeyScope.ADMIN).secret();
      store.putSuppression(new Suppression(new SuppressionScope.Account("acme"), "gone@reader.test",
          SuppressionReason.UNSUBSCRIBE, "asked by phone", Instant.now(), null));
    }
    acme = new ApiClient(server.http(), acmeKey);
    tiny = new ApiClient(server.http(), tinyKey);
    admin = new ApiClient(server.http(), adminKey);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aRawMessageIsQueuedWithItsHeaderRecipientsSignedAndWithoutBcc() throws Exception {
    String raw = """
        From: "Acme News" <news@acme.test>
        To: one@raw.test
        Cc: Two <two@raw.test>
        Bcc: three@raw.test
        Subject: raw hello

        Hello from a raw message.
        """;
    ApiClient.Response response = acme.post("/api/v1/messages", json(Map.of("raw", raw)));

    assertThat(response.status()).as(response.body()).isEqualTo(202);
    JsonNode answer = response.json();
    String id = answer.get("message_id").asText();
    assertThat(answer.get("queued").asInt()).isEqualTo(3);
    assertThat(answer.get("recipients").findValuesAsText("email"))
        .containsExactly("one@raw.test", "two@raw.test", "three@raw.test");
    assertThat(answer.at("/recipients/0/id").asText()).isEqualTo(id + ".0");
    assertThat(answer.at("/recipients/2/status").asText()).isEqualTo("queued");

    ReceivedMessage received = awaitMessageTo("one@raw.test");
    assertThat(received.sender()).isEqualTo("news@acme.test");
    assertThat(received.recipients()).containsExactlyInAnyOrder("one@raw.test", "two@raw.test", "three@raw.test");
    String text = received.dataAsString();
    assertThat(text).startsWith("DKIM-Signature: v=1; a=rsa-sha256;");
    assertThat(text).contains("Received: from [127.0.0.1]\r\n\tby outpost.test (Outpost) with HTTP id " + id);
    assertThat(text).contains("Message-ID: <" + id + "@outpost.test>\r\n", "\r\nDate: ");
    assertThat(text).doesNotContain("Bcc", "three@raw.test");
    assertThat(text.replace("\r\n", "")).doesNotContain("\n", "\r");
    Dkimpy.require();
    assertThat(Dkimpy.verify(received.data(), dkimRecords)).containsExactly("pass");
  }

  @Test
  void aRawMessageMayCarryItsOwnEnvelope() throws Exception {
    String raw = "From: news@acme.test\nTo: list@raw.test\nSubject: envelope\n\nbody\n";
    ApiClient.Response response = acme.post("/api/v1/messages",
        json(Map.of("raw", raw, "from", "bounces@acme.test", "to", List.of("real@raw.test"))));

    assertThat(response.status()).as(response.body()).isEqualTo(202);
    ReceivedMessage received = awaitMessageTo("real@raw.test");
    assertThat(received.sender()).isEqualTo("bounces@acme.test");
    assertThat(received.recipients()).containsExactly("real@raw.test");
  }

  @Test
  void structuredFieldsAreBuiltIntoMime() throws Exception {
    byte[] pdf = "%PDF-1.4 not really a pdf \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
    ObjectNode body = JSON.createObjectNode()
        .put("from", "Acme Nachrichten <news@acme.test>")
        .put("reply_to", "help@acme.test")
        .put("subject", "Grüße aus Köln")
        .put("text", "Hallo,\nplain text.\n")
        .put("html", "<p>Hallo, <b>HTML</b></p>\n")
        .put("campaign", "spring-2030");
    body.putArray("to").add("Ann <ann@mime.test>").add("bob@mime.test");
    body.putArray("cc").add("cid@mime.test");
    body.putArray("bcc").add("hidden@mime.test");
    body.putObject("headers").put("X-Tag", "spring").put("List-Unsubscribe", "<mailto:u@acme.test>");
    body.putArray("attachments").addObject().put("filename", "offer.pdf").put("content_type", "application/pdf")
        .put("content", Base64.getEncoder().encodeToString(pdf));

    ApiClient.Response response = acme.post("/api/v1/messages", body.toString());

    assertThat(response.status()).as(response.body()).isEqualTo(202);
    assertThat(response.json().get("queued").asInt()).isEqualTo(4);
    ReceivedMessage received = awaitMessageTo("ann@mime.test");
    assertThat(received.recipients())
        .containsExactlyInAnyOrder("ann@mime.test", "bob@mime.test", "cid@mime.test", "hidden@mime.test");
    assertThat(received.dataAsString()).doesNotContain("hidden@mime.test", "Bcc:");
    Dkimpy.require();
    assertThat(Dkimpy.verify(received.data(), dkimRecords)).containsExactly("pass");

    MimeMessage mime =
        new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(received.data()));
    assertThat(mime.getSubject()).isEqualTo("Grüße aus Köln");
    assertThat(mime.getFrom()[0].toString()).isEqualTo("Acme Nachrichten <news@acme.test>");
    assertThat(mime.getHeader("To", ",")).contains("ann@mime.test", "bob@mime.test");
    assertThat(mime.getHeader("Cc", ",")).contains("cid@mime.test");
    assertThat(mime.getHeader("Reply-To", ",")).isEqualTo("help@acme.test");
    assertThat(mime.getHeader("X-Tag", ",")).isEqualTo("spring");
    assertThat(mime.getHeader("X-Outpost-Campaign", ",")).isEqualTo("spring-2030");
    assertThat(mime.getMessageID()).isEqualTo("<" + response.json().get("message_id").asText() + "@outpost.test>");
    assertThat(mime.getContentType()).startsWith("multipart/mixed");
    Multipart mixed = (Multipart) mime.getContent();
    assertThat(mixed.getCount()).isEqualTo(2);
    assertThat(mixed.getBodyPart(0).getContentType()).startsWith("multipart/alternative");
    Multipart alternative = (Multipart) mixed.getBodyPart(0).getContent();
    assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat(alternative.getBodyPart(0).getContent()).isEqualTo("Hallo,\r\nplain text.\r\n");
    assertThat(alternative.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat((String) alternative.getBodyPart(1).getContent()).contains("<b>HTML</b>");
    Part attachment = mixed.getBodyPart(1);
    assertThat(attachment.getFileName()).isEqualTo("offer.pdf");
    assertThat(attachment.getContentType()).startsWith("application/pdf");
    assertThat(attachment.getInputStream().readAllBytes()).isEqualTo(pdf);
  }

  @Test
  void textAloneIsASinglePart() throws Exception {
    ApiClient.Response response = acme.post("/api/v1/messages", json(Map.of("from", "news@acme.test",
        "to", List.of("single@mime.test"), "subject", "plain", "text", "only text")));

    assertThat(response.status()).as(response.body()).isEqualTo(202);
    MimeMessage mime = new MimeMessage(Session.getInstance(new Properties()),
        new ByteArrayInputStream(awaitMessageTo("single@mime.test").data()));
    assertThat(mime.getContentType()).startsWith("text/plain; charset=UTF-8");
    assertThat(mime.getContent()).isEqualTo("only text\r\n");
  }

  @Test
  void badFieldsAreNamed() {
    Map<String, String> cases = Map.ofEntries(
        Map.entry("{\"from\": \"news@acme.test\", \"to\": [\"a@x.test\", \"b@x.test\", \"not an address\"],"
            + " \"text\": \"x\"}", "to[2]"),
        Map.entry("{\"from\": \"news@acme.test\", \"to\": [\"a@x.test\"], \"cc\": [\"c@\"], \"text\": \"x\"}", "cc[0]"),
        Map.entry("{\"from\": \"news@acme.test\", \"to\": [\"a@x.test\"], \"subject\": \"a\\r\\nBcc: x@evil.test\","
            + " \"text\": \"x\"}", "subject"),
        Map.entry("{\"from\": \"news@acme.test\", \"to\": [\"a@x.test\"], \"text\": \"x\","
            + " \"headers\": {\"X-Evil\": \"a\\nBcc: x@evil.test\"}}", "headers.X-Evil"),
        Map.entry("{\"from\": \"news@acme.test\", \"to\": [\"a@x.test\"], \"text\": \"x\","
            + " \"headers\": {\"Bcc\": \"x@evil.test\"}}", "headers.Bcc"),
        Map.entry("{\"from\": \"news@acme.test\", \"to\": [\"a@x.test\"], \"text\": \"x\","
            + " \"headers\": {\"Bad Name\": \"v\"}}", "headers.Bad Name"),
        Map.entry("{\"from\": \"news@acme.test\", \"to\": [\"a@x.test\"]}", "text"),
        Map.entry("{\"to\": [\"a@x.test\"], \"text\": \"x\"}", "from"),
        Map.entry("{\"from\": \"news@acme.test\", \"text\": \"x\"}", "to"),
        Map.entry("{\"from\": \"news@acme.test\", \"to\": [\"a@x.test\"], \"text\": \"x\","
            + " \"attachments\": [{\"filename\": \"a.bin\", \"content\": \"***\"}]}", "attachments[0].content"),
        Map.entry("{\"from\": \"news@acme.test\", \"to\": [\"a@x.test\"], \"text\": \"x\","
            + " \"attachments\": [{\"content\": \"AAAA\"}]}", "attachments[0].filename"),
        Map.entry("{\"from\": \"news@acme.test\", \"to\": [\"a@x.test\"], \"text\": \"x\", \"campaign\": \"a b\"}",
            "campaign"),
        Map.entry("{\"from\": \"news@acme.test\", \"tos\": [\"a@x.test\"], \"text\": \"x\"}", "tos"),
        Map.entry("{\"raw\": \"From: news@acme.test\\n\\nbody\", \"subject\": \"both\"}", "subject"),
        Map.entry("{\"raw\": \"this is no header\\n\\nbody\"}", "raw"),
        Map.entry("{\"raw\": \"From: news@acme.test\\nSubject: nobody\\n\\nbody\"}", "to"),
        Map.entry("{\"raw\": \"From: news@acme.test\\n\\nbody\", \"to\": [\"ok@x.test\", \"@bad\"]}", "to[1]"));
    cases.forEach((body, field) -> {
      ApiClient.Response response = acme.post("/api/v1/messages", body);
      assertThat(response.status()).as(body + " -> " + response.body()).isEqualTo(400);
      assertThat(response.json().at("/error/code").asText()).isEqualTo("invalid_field");
      assertThat(response.json().at("/error/field").asText()).as(body).isEqualTo(field);
    });
  }

  @Test
  void aSenderOrFromFieldOutsideTheAccountsDomainsIsForbidden() {
    ApiClient.Response structured = acme.post("/api/v1/messages",
        json(Map.of("from", "ceo@rival.test", "to", List.of("a@x.test"), "text", "x")));
    assertThat(structured.status()).isEqualTo(403);
    assertThat(structured.json().at("/error/field").asText()).isEqualTo("from");
    assertThat(structured.json().at("/error/message").asText())
        .isEqualTo("Sender <ceo@rival.test> is not in a domain of account acme");

    ApiClient.Response header = acme.post("/api/v1/messages",
        json(Map.of("raw", "From: ceo@rival.test\nTo: a@x.test\n\nx\n", "from", "news@acme.test")));
    assertThat(header.status()).isEqualTo(403);
    assertThat(header.json().at("/error/message").asText())
        .isEqualTo("From: <ceo@rival.test> is not in a domain of account acme");
  }

  @Test
  void aSuppressedRecipientIsReportedAndNotSent() throws Exception {
    ApiClient.Response response = acme.post("/api/v1/messages",
        json(Map.of("from", "news@acme.test", "to", List.of("Gone@Reader.test", "stays@reader.test"), "text", "x")));

    assertThat(response.status()).as(response.body()).isEqualTo(202);
    JsonNode answer = response.json();
    assertThat(answer.get("queued").asInt()).isEqualTo(1);
    assertThat(answer.get("suppressed").asInt()).isEqualTo(1);
    assertThat(answer.at("/recipients/0/status").asText()).isEqualTo("suppressed");
    assertThat(answer.at("/recipients/0/reason").asText()).isEqualTo("on the suppression list of acme: unsubscribe");
    assertThat(answer.at("/recipients/1/status").asText()).isEqualTo("queued");
    assertThat(awaitMessageTo("stays@reader.test").recipients()).containsExactly("stays@reader.test");

    ApiClient.Response allSuppressed = acme.post("/api/v1/messages",
        json(Map.of("from", "news@acme.test", "to", List.of("gone@reader.test"), "text", "x")));
    assertThat(allSuppressed.status()).isEqualTo(200);
    assertThat(allSuppressed.json().has("message_id")).isFalse();
    assertThat(allSuppressed.json().at("/recipients/0/status").asText()).isEqualTo("suppressed");
  }

  @Test
  void anAdminSendsForANamedAccountAndAnAccountKeyOnlyForItself() throws Exception {
    ApiClient.Response forAcme = admin.post("/api/v1/messages",
        json(Map.of("account", "acme", "from", "news@acme.test", "to", List.of("by-admin@x.test"), "text", "x")));
    assertThat(forAcme.status()).as(forAcme.body()).isEqualTo(202);
    assertThat(forAcme.json().get("account").asText()).isEqualTo("acme");
    awaitMessageTo("by-admin@x.test");

    ApiClient.Response other = acme.post("/api/v1/messages",
        json(Map.of("account", "rival", "from", "news@rival.test", "to", List.of("a@x.test"), "text", "x")));
    assertThat(other.status()).isEqualTo(403);
    ApiClient.Response unknown = admin.post("/api/v1/messages",
        json(Map.of("account", "nobody", "from", "news@acme.test", "to", List.of("a@x.test"), "text", "x")));
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void accountLimitsHoldForTheApiToo() {
    ApiClient.Response tooMany = tiny.post("/api/v1/messages",
        json(Map.of("from", "a@tiny.test", "to", List.of("1@x.test", "2@x.test", "3@x.test"), "text", "x")));
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().at("/error/field").asText()).isEqualTo("to[2]");
    assertThat(tooMany.json().at("/error/message").asText()).contains("2 recipients per message");

    assertThat(tiny.post("/api/v1/messages",
        json(Map.of("from", "a@tiny.test", "to", List.of("1@x.test"), "text", "x"))).status()).isEqualTo(202);
    ApiClient.Response overHour = tiny.post("/api/v1/messages",
        json(Map.of("from", "a@tiny.test", "to", List.of("1@x.test"), "text", "x")));
    assertThat(overHour.status()).isEqualTo(429);
    assertThat(overHour.json().at("/error/code").asText()).isEqualTo("limit_reached");
    assertThat(overHour.json().at("/error/message").asText()).contains("1 messages per hour");
  }

  @Test
  void theOpenApiDocumentDescribesSending() {
    JsonNode doc = admin.get("/api/v1/openapi.json").json();
    assertThat(doc.at("/paths/~1api~1v1~1messages/post").isMissingNode()).isFalse();
    assertThat(doc.at("/components/schemas/MessageRequest/properties/attachments").isMissingNode()).isFalse();
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ReceivedMessage awaitMessageTo(String recipient) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      for (ReceivedMessage m : server.sink.messages()) {
        if (m.recipients().contains(recipient)) return m;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no message to " + recipient + " reached the sink");
  }
}
