package dev.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import dev.outpost.testkit.ReceivedMessage;
import dev.outpost.tracking.TrackedMessage;
import dev.outpost.tracking.TrackingToken;
import dev.outpost.tracking.TrackingTokens;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Open and click tracking through a running server that relays to a sink: messages sent over the
 * HTTP API, the delivered HTML parsed with Jakarta Mail and jsoup, its links and pixel fetched
 * with the JDK's HttpClient as a recipient's browser would (no redirect followed), and the events
 * read back through {@code /api/v1/events} and {@code /api/v1/stats}.
 *
 * <p>The server's {@code public_url} is a name recipients would use; the test sends each tracking
 * URL's path to the server's real address.
 */
class TrackingApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PUBLIC_URL = "https://links.acme.test";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final HttpClient BROWSER =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
  private static final String HTML = """
      <!DOCTYPE html>
      <html><head><title>Sale</title></head>
      <body>
      <p>Our <a href="https://shop.acme.test/sale?utm=mail&amp;id=7">sale</a> starts today.</p>
      <p><a href="mailto:help@acme.test">Write to us</a> or go <a href="#top">up</a>.</p>
      <p><a href="https://shop.acme.test/account" data-outpost-notrack>Your account</a></p>
      <p><a href="https://acme.test/unsubscribe?u=reader">Unsubscribe</a></p>
      </body>
      </html>
      """;

  @TempDir static Path dir;
  static RunningOutpost server;
  static ApiClient acme;
  static ApiClient plain;
  static Map<String, String> dkimRecords;

  @BeforeAll
  static void start() throws Exception {
    DkimKey key = new DkimKeyStore(dir).generate("acme.test", "s1", DkimAlgorithm.RSA, 2048).key();
    dkimRecords = Map.of(key.recordName().replaceAll("\\.$", ""), key.recordText());
    server = RunningOutpost.start(dir, c -> c.withHttp(c.http().withPublicUrl(URI.create(PUBLIC_URL + "/"))));
    try (SqliteStateStore store = SqliteStateStore.open(dir)) {
      var accounts =
          new AccountAdministration(store, PasswordHasher.production(), new SecureRandom(), Clock.systemUTC());
      accounts.addAccount("acme", null, AccountLimits.UNLIMITED);
      accounts.addDomain("acme", "acme.test", false);
      accounts.setTracking("acme", true, true);
      accounts.addAccount("plain", null, AccountLimits.UNLIMITED);
      accounts.addDomain("plain", "plain.test", false);
      acme = new ApiClient(server.http(), accounts.addApiKey("acme", ApiKeyScope.ACCOUNT).secret());
      plain = new ApiClient(server.http(), accounts.addApiKey("plain", ApiKeyScope.ACCOUNT).secret());
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aClickRedirectsToTheLinkAndAPixelFetchRecordsAnOpenBothFiledUnderTheRecipient() throws Exception {
    ObjectNode body = message("news@acme.test", "reader@one.test", HTML).put("campaign", "spring")
        .put("text", "Our sale: https://shop.acme.test/sale\n");
    body.putObject("headers").put("List-Unsubscribe", "<https://acme.test/unsubscribe?u=reader>");
    ApiClient.Response sent = acme.post("/api/v1/messages", body.toString());

    assertThat(sent.status()).as(sent.body()).isEqualTo(202);
    assertThat(sent.json().get("tracking")).isEqualTo(JSON.readTree("{\"opens\": true, \"clicks\": true}"));
    String queueId = sent.json().get("message_id").asText();
    MimeMessage mime = mime(awaitMessageTo("reader@one.test"));
    Document html = Jsoup.parse(part(mime, "text/html"));
    assertThat(part(mime, "text/plain")).as("the text part is not rewritten")
        .isEqualTo("Our sale: https://shop.acme.test/sale\r\n");
    List<String> links = html.select("a").eachAttr("href");
    assertThat(links.get(0)).startsWith(PUBLIC_URL + "/t/c/");
    assertThat(links.subList(1, links.size())).containsExactly("mailto:help@acme.test", "#top",
        "https://shop.acme.test/account", "https://acme.test/unsubscribe?u=reader");
    Element pixel = html.body().children().last();
    assertThat(pixel.tagName()).isEqualTo("img");
    assertThat(pixel.attr("src")).startsWith(PUBLIC_URL + "/t/o/");
    assertThat(pixel.attr("width")).isEqualTo("1");
    assertThat(pixel.attr("height")).isEqualTo("1");
    assertThat(pixel.attr("alt")).isEmpty();

    HttpResponse<byte[]> click = fetch(links.get(0));
    assertThat(click.statusCode()).isEqualTo(302);
    assertThat(click.headers().firstValue("Location")).contains("https://shop.acme.test/sale?utm=mail&id=7");
    assertThat(click.headers().firstValue("Cache-Control")).contains("no-store");
    JsonNode clicked = awaitEvents("/api/v1/events?message=" + queueId + "&type=clicked", 1).get(0);
    assertThat(clicked.get("recipient").asText()).isEqualTo("reader@one.test");
    assertThat(clicked.get("account").asText()).isEqualTo("acme");
    assertThat(clicked.get("campaign").asText()).isEqualTo("spring");
    assertThat(clicked.get("reply").asText()).isEqualTo("https://shop.acme.test/sale?utm=mail&id=7");

    HttpResponse<byte[]> open = fetch(pixel.attr("src"));
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.headers().firstValue("Content-Type")).contains("image/gif");
    assertThat(open.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store", "no-cache");
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(open.body()));
    assertThat(image.getWidth()).isEqualTo(1);
    assertThat(image.getHeight()).isEqualTo(1);
    assertThat(image.getRGB(0, 0) >>> 24).as("alpha").isZero();
    fetch(pixel.attr("src"));
    JsonNode opened = awaitEvents("/api/v1/events?message=" + queueId + "&type=opened", 2).get(0);
    assertThat(opened.get("recipient").asText()).isEqualTo("reader@one.test");
    assertThat(opened.get("campaign").asText()).isEqualTo("spring");

    assertThat(server.outpost.events().flush(WAIT)).isTrue();
    JsonNode counts = acme.get("/api/v1/stats?granularity=day&campaign=spring").json().at("/rows/0/counts");
    assertThat(counts.get("opened").asLong()).isEqualTo(2);
    assertThat(counts.get("clicked").asLong()).isEqualTo(1);
  }

  @Test
  void theDkimSignatureCoversTheRewrittenBody() throws Exception {
    ApiClient.Response sent = acme.post("/api/v1/messages", message("news@acme.test", "signed@one.test", HTML)
        .toString());

    assertThat(sent.status()).as(sent.body()).isEqualTo(202);
    ReceivedMessage received = awaitMessageTo("signed@one.test");
    assertThat(received.dataAsString()).contains("/t/c/", "/t/o/");
    Dkimpy.require();
    assertThat(Dkimpy.verify(received.data(), dkimRecords)).containsExactly("pass");
  }

  @Test
  void aForgedOrAlteredTokenIsNotFoundAndNeverRedirects() throws Exception {
    ApiClient.Response sent = acme.post("/api/v1/messages", message("news@acme.test", "forger@one.test", HTML)
        .toString());
    String queueId = sent.json().get("message_id").asText();
    Document html = Jsoup.parse(part(mime(awaitMessageTo("forger@one.test")), "text/html"));
    String link = html.select("a").first().attr("href");
    String pixel = html.select("img").last().attr("src");
    int middle = link.length() - 30;
    String altered = link.substring(0, middle) + (link.charAt(middle) == 'A' ? 'B' : 'A') + link.substring(middle + 1);
    TrackedMessage message = new TrackedMessage(queueId, "forger@one.test", "acme", null);
    String forged = PUBLIC_URL + "/t/c/" + new TrackingTokens(new byte[32])
        .issue(new TrackingToken.Click(message, "https://evil.test/"));

    for (String bad : List.of(altered, forged, link.replace("/t/c/", "/t/o/"), pixel.replace("/t/o/", "/t/c/"),
        PUBLIC_URL + "/t/c/not-a-token")) {
      HttpResponse<byte[]> response = fetch(bad);
      assertThat(response.statusCode()).as(bad).isEqualTo(404);
      assertThat(response.headers().firstValue("Location")).as(bad).isEmpty();
    }
    assertThat(fetch(link).statusCode()).isEqualTo(302);
    assertThat(server.outpost.events().flush(WAIT)).isTrue();
    JsonNode events = acme.get("/api/v1/events?message=" + queueId + "&type=clicked,opened").json().get("events");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).get("type").asText()).isEqualTo("clicked");
  }

  @Test
  void withTrackingOffByDefaultTheHtmlArrivesAsWritten() throws Exception {
    ApiClient.Response sent = plain.post("/api/v1/messages", message("news@plain.test", "reader@two.test", HTML)
        .toString());

    assertThat(sent.status()).as(sent.body()).isEqualTo(202);
    assertThat(sent.json().get("tracking")).isEqualTo(JSON.readTree("{\"opens\": false, \"clicks\": false}"));
    String delivered = part(mime(awaitMessageTo("reader@two.test")), "text/html");
    assertThat(delivered).isEqualTo(HTML.replace("\n", "\r\n")).doesNotContain("/t/");
  }

  @Test
  void aMessageCanNarrowWhatItsAccountAllowsButNotWidenIt() throws Exception {
    ApiClient.Response narrowed = acme.post("/api/v1/messages",
        message("news@acme.test", "narrow@one.test", HTML).put("track_opens", false).toString());
    ApiClient.Response widened = plain.post("/api/v1/messages",
        message("news@plain.test", "wide@two.test", HTML).put("track_opens", true).put("track_clicks", true)
            .toString());

    assertThat(narrowed.json().get("tracking")).isEqualTo(JSON.readTree("{\"opens\": false, \"clicks\": true}"));
    Document html = Jsoup.parse(part(mime(awaitMessageTo("narrow@one.test")), "text/html"));
    assertThat(html.select("a").first().attr("href")).startsWith(PUBLIC_URL + "/t/c/");
    assertThat(html.select("img")).isEmpty();
    assertThat(widened.json().get("tracking")).isEqualTo(JSON.readTree("{\"opens\": false, \"clicks\": false}"));
    assertThat(part(mime(awaitMessageTo("wide@two.test")), "text/html")).doesNotContain("/t/");
  }

  @Test
  void aRawMessageIsSentAsItIsAndRefusesTrackingFlags() throws Exception {
    String raw = "From: news@acme.test\r\nTo: raw@one.test\r\nSubject: raw\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: text/html; charset=utf-8\r\n\r\n<p><a href=\"https://shop.acme.test/\">shop</a></p>\r\n";

    ApiClient.Response sent = acme.post("/api/v1/messages", JSON.writeValueAsString(Map.of("raw", raw)));
    ApiClient.Response flagged = acme.post("/api/v1/messages",
        JSON.writeValueAsString(Map.of("raw", raw, "track_clicks", false)));

    assertThat(sent.status()).as(sent.body()).isEqualTo(202);
    assertThat(sent.json().has("tracking")).isFalse();
    assertThat(awaitMessageTo("raw@one.test").dataAsString())
        .endsWith("\r\n\r\n<p><a href=\"https://shop.acme.test/\">shop</a></p>\r\n");
    assertThat(flagged.status()).isEqualTo(400);
    assertThat(flagged.json().at("/error/field").asText()).isEqualTo("track_clicks");
  }

  @Test
  void oneBodyForSeveralRecipientsIsFiledUnderTheMessageAlone() throws Exception {
    ObjectNode body = message("news@acme.test", "first@three.test", HTML);
    ((ArrayNode) body.get("to")).add("second@three.test");
    ApiClient.Response sent = acme.post("/api/v1/messages", body.toString());
    String queueId = sent.json().get("message_id").asText();

    Document html = Jsoup.parse(part(mime(awaitMessageTo("first@three.test")), "text/html"));
    assertThat(fetch(html.select("a").first().attr("href")).statusCode()).isEqualTo(302);

    JsonNode clicked = awaitEvents("/api/v1/events?message=" + queueId + "&type=clicked", 1).get(0);
    assertThat(clicked.get("recipient").isNull()).isTrue();
    assertThat(clicked.get("account").asText()).isEqualTo("acme");
  }

  @Test
  void eachCampaignMessageIsTrackedForItsOwnRecipientUnlessTheCampaignTurnsItOff() throws Exception {
    String tracked = campaign("<p>Hi {{name}}, <a href=\"https://shop.acme.test/for/{{name}}\">your offer</a></p>",
        null);
    String untracked = campaign("<p><a href=\"https://shop.acme.test/quiet\">quiet</a></p>", false);
    CampaignsApiTest.upload(acme, tracked, "application/x-ndjson",
        "{\"email\": \"ann@four.test\", \"vars\": {\"name\": \"ann\"}}\n"
            + "{\"email\": \"bob@four.test\", \"vars\": {\"name\": \"bob\"}}\n");
    CampaignsApiTest.upload(acme, untracked, "application/x-ndjson", "{\"email\": \"quiet@five.test\"}\n");

    for (String id : List.of(tracked, untracked)) {
      assertThat(acme.post("/api/v1/campaigns/" + id + "/send", "").status()).isEqualTo(200);
      CampaignsApiTest.awaitState(acme, id, "done");
    }

    assertThat(acme.get("/api/v1/campaigns/" + untracked).json().at("/settings/track_clicks").asBoolean()).isFalse();
    Document quiet = Jsoup.parse(part(mime(awaitMessageTo("quiet@five.test")), "text/html"));
    assertThat(quiet.select("a").first().attr("href")).isEqualTo("https://shop.acme.test/quiet");
    assertThat(quiet.select("img")).as("open tracking stays as the account allows").hasSize(1);

    Document bob = Jsoup.parse(part(mime(awaitMessageTo("bob@four.test")), "text/html"));
    HttpResponse<byte[]> click = fetch(bob.select("a").first().attr("href"));
    assertThat(click.headers().firstValue("Location")).contains("https://shop.acme.test/for/bob");
    JsonNode clicked = awaitEvents("/api/v1/events?campaign=" + tracked + "&type=clicked", 1).get(0);
    assertThat(clicked.get("recipient").asText()).isEqualTo("bob@four.test");
    assertThat(clicked.get("campaign").asText()).isEqualTo(tracked);
    assertThat(server.outpost.events().flush(WAIT)).isTrue();
    assertThat(acme.get("/api/v1/campaigns/" + tracked).json().at("/outcomes/clicked").asLong()).isEqualTo(1);
  }

  private static String campaign(String html, Boolean trackClicks) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("template").put("from", "news@acme.test").put("subject", "offer").put("html", html);
    if (trackClicks != null) body.putObject("settings").put("track_clicks", trackClicks);
    ApiClient.Response created = acme.post("/api/v1/campaigns", body.toString());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().get("id").asText();
  }

  private static ObjectNode message(String from, String to, String html) {
    ObjectNode body = JSON.createObjectNode().put("from", from).put("subject", "sale").put("html", html);
    body.putArray("to").add(to);
    return body;
  }

  /** GET of a URL from a message, sent to the server's real address; redirects are not followed. */
  private static HttpResponse<byte[]> fetch(String url) throws Exception {
    assertThat(url).startsWith(PUBLIC_URL + "/");
    URI real = server.http().resolve(URI.create(url).getRawPath());
    return BROWSER.send(HttpRequest.newBuilder(real).timeout(WAIT).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The events of a query, once there are at least {@code count}. */
  private static JsonNode awaitEvents(String path, int count) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode body = null;
    while (System.nanoTime() < deadline) {
      body = acme.get(path).json();
      if (body.get("events").size() >= count) return body.get("events");
      Thread.sleep(50);
    }
    throw new AssertionError(path + " did not list " + count + " events within " + WAIT + ": " + body);
  }

  private static ReceivedMessage awaitMessageTo(String recipient) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (ReceivedMessage m : server.sink.messages()) {
        if (m.recipients().contains(recipient)) return m;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no message to " + recipient + " reached the sink");
  }

  private static MimeMessage mime(ReceivedMessage m) throws Exception {
    return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(m.data()));
  }

  /** The decoded text of the first part of this type, in a single-part or multipart message. */
  private static String part(MimeMessage mime, String type) throws Exception {
    if (mime.isMimeType(type)) return (String) mime.getContent();
    if (mime.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart p = multipart.getBodyPart(i);
        if (p.isMimeType(type)) return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no " + type + " part in " + mime.getContentType());
  }
}
