package dev.outpost.unsubscribe;

import static dev.outpost.server.RunningOutpost.assertReply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.accounts.AccountAdministration;
import dev.outpost.accounts.AccountLimits;
import dev.outpost.accounts.PasswordHasher;
import dev.outpost.api.ApiClient;
import dev.outpost.config.RelayConfig;
import dev.outpost.dkim.DkimAlgorithm;
import dev.outpost.dkim.DkimKey;
import dev.outpost.dkim.DkimKeyStore;
import dev.outpost.dkim.Dkimpy;
import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.EventQuery;
import dev.outpost.server.RunningOutpost;
import dev.outpost.smtp.Replies;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.suppression.Suppression;
import dev.outpost.suppression.SuppressionReason;
import dev.outpost.suppression.SuppressionScope;
import dev.outpost.testkit.ReceivedMessage;
import dev.outpost.testkit.TranscriptClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unsubscribe through a real server: accounts send over authenticated submission, the sink gets
 * the fields, dkimpy checks that the signature covers them, and the one-click URL and mailto
 * address taken from what was delivered are used as a provider would use them: a POST with the
 * JDK's HttpClient, a message over SMTP from a stranger. The next message to the recipient is then
 * refused at RCPT.
 */
class UnsubscribeDeliveryTest {
  private static final Pattern MAILTO = Pattern.compile("<mailto:(unsubscribe\\+[a-z2-7]{24}@outpost\\.test)>");
  private static final Pattern URL = Pattern.compile("<(https://mta\\.outpost\\.test/u/[A-Za-z0-9_-]+)>");
  private static final String FORM = "application/x-www-form-urlencoded";

  @TempDir static Path dataDir;
  static RunningOutpost server;
  static ApiClient http;
  static Map<String, String> dns;

  @BeforeAll
  static void start() throws Exception {
    try (SqliteStateStore store = SqliteStateStore.open(dataDir)) {
      var admin = new AccountAdministration(store, PasswordHasher.production(), new SecureRandom(), Clock.systemUTC());
      admin.addAccount("acme", null, AccountLimits.UNLIMITED);
      admin.addDomain("acme", "acme.test", false);
      admin.addCredential("acme", "alice", "correct horse battery");
      admin.addAccount("other", null, AccountLimits.UNLIMITED);
      admin.addDomain("other", "other.test", false);
      admin.addCredential("other", "olga", "another long password");
      admin.addAccount("quiet", null, AccountLimits.UNLIMITED);
      admin.addDomain("quiet", "quiet.test", false);
      admin.addCredential("quiet", "quinn", "a third long password");
      admin.setListUnsubscribe("quiet", false);
    }
    DkimKey key = new DkimKeyStore(dataDir).generate("acme.test", "s1", DkimAlgorithm.RSA, 2048).key();
    dns = Map.of(key.recordName().replaceAll("\\.$", ""), key.recordText());
    // No trusted networks: the plain listener is where strangers (providers) deliver.
    server = RunningOutpost.start(dataDir, c -> c.withRelay(new RelayConfig(List.of(), List.of()))
        .withHttp(c.http().withPublicUrl(URI.create("https://mta.outpost.test/")))
        .withSuppression(c.suppression().withComplaintsAddress("fbl@outpost.test")));
    http = new ApiClient(server.http(), null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aSignedOneClickLinkUnsubscribesOnPostOnlyAndTheNextMessageIsRefused() throws Exception {
    String data = send("alice", "correct horse battery", "news@acme.test", List.of("Reader1@Elsewhere.test"),
        "From: news@acme.test\r\nTo: reader1@elsewhere.test\r\nX-Outpost-Campaign: autumn\r\nSubject: news\r\n"
            + "\r\nhello\r\n");

    String listUnsubscribe = field(data, "List-Unsubscribe");
    assertThat(listUnsubscribe).matches("<mailto:unsubscribe\\+[a-z2-7]{24}@outpost\\.test>, "
        + "<https://mta\\.outpost\\.test/u/[A-Za-z0-9_-]+>");
    assertThat(field(data, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
    assertThat(field(data, "Feedback-ID")).isEqualTo("autumn:acme:outpost");
    assertThat(field(data, "DKIM-Signature").replaceAll("\\s", ""))
        .contains("list-unsubscribe:list-unsubscribe-post:feedback-id");
    Dkimpy.require();
    assertThat(Dkimpy.verify(data.getBytes(StandardCharsets.UTF_8), dns)).containsExactly("pass");
    String tampered = data.replaceFirst("/u/[A-Za-z0-9_-]", "/u/X");
    assertThat(Dkimpy.verify(tampered.getBytes(StandardCharsets.UTF_8), dns)).containsExactly("fail");

    String path = URI.create(url(data)).getPath();
    ApiClient.Response page = http.get(path);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("<form method=\"post\">", "name=\"List-Unsubscribe\" value=\"One-Click\"")
        .doesNotContain("reader1").doesNotContain("acme");
    assertThat(suppression("acme", "reader1@elsewhere.test")).as("a GET unsubscribes no one").isEmpty();
    assertThat(http.post(path, FORM, new byte[0]).status()).as("a POST without the one-click body").isEqualTo(400);
    assertThat(suppression("acme", "reader1@elsewhere.test")).isEmpty();

    Instant before = Instant.now();
    ApiClient.Response posted = http.post(path, FORM, "List-Unsubscribe=One-Click".getBytes(StandardCharsets.US_ASCII));

    assertThat(posted.status()).isEqualTo(200);
    Suppression entry = suppression("acme", "reader1@elsewhere.test").orElseThrow();
    assertThat(entry.reason()).isEqualTo(SuppressionReason.UNSUBSCRIBE);
    assertThat(entry.detail()).isEqualTo("one-click unsubscribe, campaign autumn");
    assertThat(entry.createdAt()).isBetween(before.minusSeconds(1), Instant.now());
    assertThat(events(DeliveryEvent.Type.UNSUBSCRIBED, "reader1@elsewhere.test")).singleElement().satisfies(e -> {
      assertThat(e.account()).isEqualTo("acme");
      assertThat(e.campaign()).isEqualTo("autumn");
      assertThat(e.reply()).isEqualTo("one-click unsubscribe");
    });
    assertThat(http.post(path, FORM, "List-Unsubscribe=One-Click".getBytes(StandardCharsets.US_ASCII)).status())
        .as("a second click").isEqualTo(200);
    assertRefused("alice", "correct horse battery", "news@acme.test", "reader1@elsewhere.test", "acme");
    assertThat(suppression("other", "reader1@elsewhere.test")).as("only acme was left").isEmpty();
    send("olga", "another long password", "news@other.test", List.of("reader1@elsewhere.test"),
        "From: news@other.test\r\nSubject: still wanted\r\n\r\nhi\r\n");
  }

  @Test
  void aForgedOrEditedTokenIsA404ThatSaysNothing() throws Exception {
    String data = send("alice", "correct horse battery", "news@acme.test", List.of("reader2@elsewhere.test"),
        "From: news@acme.test\r\nSubject: news\r\n\r\nhello\r\n");
    String path = URI.create(url(data)).getPath();
    char last = path.charAt(path.length() - 2);
    String edited = path.substring(0, path.length() - 2) + (last == 'A' ? 'B' : 'A') + path.charAt(path.length() - 1);
    byte[] oneClick = "List-Unsubscribe=One-Click".getBytes(StandardCharsets.US_ASCII);

    for (String forged : List.of(edited, "/u/" + "A".repeat(60), "/u/not-a-token")) {
      ApiClient.Response post = http.post(forged, FORM, oneClick);
      assertThat(post.status()).as(forged).isEqualTo(404);
      assertThat(post.body()).contains("not valid").doesNotContain("MAC").doesNotContain("reader2");
      assertThat(http.get(forged).status()).isEqualTo(404);
    }
    assertThat(suppression("acme", "reader2@elsewhere.test")).isEmpty();
  }

  @Test
  void mailToTheUnsubscribeAddressFromAStrangerUnsubscribesAndIsNotRelayed() throws Exception {
    String data = send("alice", "correct horse battery", "news@acme.test", List.of("reader3@elsewhere.test"),
        "From: news@acme.test\r\nSubject: news\r\n\r\nhello\r\n");
    Matcher mailto = MAILTO.matcher(field(data, "List-Unsubscribe"));
    assertThat(mailto.find()).isTrue();
    int delivered = server.sink.messages().size();

    try (TranscriptClient c = server.greeted()) {
      c.send("MAIL FROM:<reader3@elsewhere.test>").expectCode(250);
      c.send("RCPT TO:<unsubscribe+" + "a".repeat(24) + "@outpost.test>");
      assertReply(c.read(), Replies.UNKNOWN_UNSUBSCRIBE_ADDRESS);
      c.send("RCPT TO:<unsubscribe+nonsense@outpost.test>");
      assertReply(c.read(), Replies.UNKNOWN_UNSUBSCRIBE_ADDRESS);
      c.send("RCPT TO:<reader9@elsewhere.test>");
      assertReply(c.read(), Replies.RELAY_DENIED);
      c.send("RCPT TO:<" + mailto.group(1).toUpperCase() + ">");
      assertReply(c.read(), Replies.RECIPIENT_OK);
      c.send("DATA").expectCode(354);
      c.sendRaw("From: reader3@elsewhere.test\r\nSubject: unsubscribe\r\n\r\nThis message was generated by a mail"
          + " provider.\r\n.\r\n");
      assertReply(c.read(), Replies.REPORT_RECEIVED);
    }

    Suppression entry = suppression("acme", "reader3@elsewhere.test").orElseThrow();
    assertThat(entry.reason()).isEqualTo(SuppressionReason.UNSUBSCRIBE);
    assertThat(entry.detail()).isEqualTo("mailto unsubscribe");
    assertRefused("alice", "correct horse battery", "news@acme.test", "reader3@elsewhere.test", "acme");
    Thread.sleep(300);
    assertThat(server.sink.messages()).hasSize(delivered);
  }

  @Test
  void aMessageToSeveralRecipientsGetsFeedbackIdButNoOneClickLink() throws Exception {
    String data = send("alice", "correct horse battery", "news@acme.test",
        List.of("reader4@elsewhere.test", "reader5@elsewhere.test"),
        "From: news@acme.test\r\nX-Outpost-Campaign: spring\r\nSubject: news\r\n\r\nhello\r\n");

    assertThat(field(data, "List-Unsubscribe")).isNull();
    assertThat(field(data, "List-Unsubscribe-Post")).isNull();
    assertThat(field(data, "Feedback-ID")).isEqualTo("spring:acme:outpost");
  }

  @Test
  void theSendersOwnFieldsAreKept() throws Exception {
    String data = send("alice", "correct horse battery", "news@acme.test", List.of("reader6@elsewhere.test"),
        "From: news@acme.test\r\nList-Unsubscribe: <https://acme.test/leave?u=6>\r\nFeedback-ID: x:y:acme\r\n"
            + "Subject: news\r\n\r\nhello\r\n");

    assertThat(data).containsOnlyOnce("List-Unsubscribe:").containsOnlyOnce("Feedback-ID:")
        .doesNotContain("List-Unsubscribe-Post");
    assertThat(field(data, "List-Unsubscribe")).isEqualTo("<https://acme.test/leave?u=6>");
    assertThat(field(data, "Feedback-ID")).isEqualTo("x:y:acme");
  }

  @Test
  void anAccountWithUnsubscribeOffGetsNoFields() throws Exception {
    String data = send("quinn", "a third long password", "news@quiet.test", List.of("reader7@elsewhere.test"),
        "From: news@quiet.test\r\nSubject: receipt\r\n\r\nyour order\r\n");

    assertThat(data).doesNotContain("List-Unsubscribe").doesNotContain("Feedback-ID");
  }

  /**
   * Providers often redact the complainer's address in their reports; the link Outpost wrote into
   * the reported message still says who it was and which account sent it.
   */
  @Test
  void aComplaintAboutAnAccountsMessageGoesOnThatAccountsList() throws Exception {
    String original = send("alice", "correct horse battery", "news@acme.test", List.of("reader8@elsewhere.test"),
        "From: news@acme.test\r\nTo: reader8@elsewhere.test\r\nSubject: news\r\n\r\nhello\r\n");
    String redacted = original.replace("reader8@elsewhere.test", "xxxxxxx@elsewhere.test");
    String report = """
        From: <fbl@provider.test>
        To: <fbl@outpost.test>
        Subject: complaint
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=feedback-report; boundary="b1"

        --b1
        Content-Type: text/plain

        A complaint.
        --b1
        Content-Type: message/feedback-report

        Feedback-Type: abuse
        User-Agent: Provider/1.0
        Version: 1

        --b1
        Content-Type: message/rfc822

        """.replace("\n", "\r\n") + redacted + "\r\n--b1--\r\n";

    try (TranscriptClient c = server.greeted()) {
      c.send("MAIL FROM:<fbl@provider.test>").expectCode(250);
      c.send("RCPT TO:<fbl@outpost.test>").expectCode(250);
      c.send("DATA").expectCode(354);
      c.sendRaw(report.replace("\r\n.", "\r\n..") + ".\r\n");
      assertReply(c.read(), Replies.REPORT_RECEIVED);
    }

    assertThat(suppression("acme", "reader8@elsewhere.test").orElseThrow().reason())
        .isEqualTo(SuppressionReason.COMPLAINT);
    assertThat(events(DeliveryEvent.Type.COMPLAINED, "reader8@elsewhere.test")).singleElement()
        .satisfies(e -> assertThat(e.account()).isEqualTo("acme"));
    try (SqliteStateStore store = SqliteStateStore.open(dataDir)) {
      assertThat(store.listSuppressions(SuppressionScope.GLOBAL)).isEmpty();
    }
  }

  /** Sends one message over authenticated submission and returns what the sink got for its first recipient. */
  private static String send(String user, String password, String from, List<String> to, String message)
      throws Exception {
    try (TranscriptClient c = server.authenticated(user, password)) {
      c.send("MAIL FROM:<" + from + ">").expectCode(250);
      for (String rcpt : to) c.send("RCPT TO:<" + rcpt + ">").expectCode(250);
      c.send("DATA").expectCode(354);
      c.sendRaw(message + ".\r\n").expectCode(250);
    }
    String first = to.get(0).toLowerCase();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      for (ReceivedMessage m : server.sink.messages()) {
        if (m.recipients().stream().anyMatch(r -> r.equalsIgnoreCase(first))) return m.dataAsString();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the sink got no message for " + first);
  }

  private static void assertRefused(String user, String password, String from, String rcpt, String account)
      throws Exception {
    try (TranscriptClient c = server.authenticated(user, password)) {
      c.send("MAIL FROM:<" + from + ">").expectCode(250);
      c.send("RCPT TO:<" + rcpt + ">");
      assertReply(c.read(), Replies.suppressed(rcpt, account, "unsubscribe"));
    }
  }

  private static List<DeliveryEvent> events(DeliveryEvent.Type type, String recipient) throws InterruptedException {
    assertThat(server.outpost.events().flush(Duration.ofSeconds(10))).isTrue();
    return server.outpost.events().find(EventQuery.all().withTypes(Set.of(type)).withRecipient(recipient)).events();
  }

  private static Optional<Suppression> suppression(String account, String address) {
    try (SqliteStateStore store = SqliteStateStore.open(dataDir)) {
      return store.findSuppression(SuppressionScope.account(account), address);
    }
  }

  private static String url(String data) {
    Matcher m = URL.matcher(field(data, "List-Unsubscribe"));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  /** The unfolded value of the first field of that name in the header section, or null. */
  private static String field(String message, String name) {
    String header = message.substring(0, message.indexOf("\r\n\r\n") + 2).replaceAll("\r\n[ \t]+", " ");
    for (String line : header.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) return line.substring(colon + 1).strip();
    }
    return null;
  }
}
