package dev.outpost.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DSNs as a mail client sees them: parsed by Jakarta Mail, field by field. */
class DsnBuilderTest {
  private static final Instant RECEIVED = Instant.parse("2025-03-01T10:00:00Z");
  private static final Instant NOW = Instant.parse("2025-03-01T10:05:00Z");
  private static final String BODY = "From: news@example.com\r\nTo: a@x.test\r\nSubject: Spring sale\r\n"
      + "Message-ID: <m1@example.com>\r\n\r\nEverything must go.\r\n";
  private static final byte[] PREFIX = "Received: by outpost.test; Sat, 1 Mar 2025 10:00:00 +0000\r\n"
      .getBytes(StandardCharsets.US_ASCII);

  private final DsnBuilder builder = new DsnBuilder("outpost.test", Clock.fixed(NOW, ZoneOffset.UTC));

  private static Envelope original(Envelope.DsnRet ret, String envId, String body, String sender) {
    return new Envelope("Q1", sender, List.of(Recipient.pending("a@x.test", Set.of(), "rfc822;A+2Bz@x.test"),
        Recipient.pending("b@x.test", Set.of(), null)), RECEIVED, "127.0.0.1", "client.test", false,
        Envelope.BodyType.SEVEN_BIT, ret, envId, PREFIX, body.getBytes(StandardCharsets.UTF_8).length, RECEIVED);
  }

  private static DsnRecipient failed(String address, String orcpt, String reply, BounceCategory category) {
    return new DsnRecipient(address, orcpt, FailureReason.of("5.0.0", reply).text().substring(4, 9), reply,
        "mx.x.test", category, NOW);
  }

  private DsnMessage build(DsnReport report, String body) throws IOException {
    return builder.build(report, "DSN1", () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static MimeMessage parse(DsnMessage dsn) throws Exception {
    return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(dsn.content()));
  }

  /** The blocks of a message/delivery-status body: per-message fields first, then one per recipient. */
  private static List<InternetHeaders> statusBlocks(BodyPart part) throws Exception {
    List<InternetHeaders> blocks = new ArrayList<>();
    try (InputStream in = part.getInputStream()) {
      while (in.available() > 0) {
        InternetHeaders h = new InternetHeaders(in);
        if (h.getAllHeaderLines().hasMoreElements()) blocks.add(h);
      }
    }
    return blocks;
  }

  @Test
  void failureReportIsAMultipartReportWithEveryField() throws Exception {
    DsnReport report = new DsnReport(DsnAction.FAILED, original(null, "env+42", BODY, "news@example.com"), List.of(
        failed("a@x.test", "rfc822;A+z@x.test", "550 5.1.1 The email account that you tried to reach does not exist.",
            BounceCategory.UNKNOWN_USER),
        failed("b@x.test", null, "552 5.2.2 Mailbox full", BounceCategory.MAILBOX_FULL)), null);

    DsnMessage dsn = build(report, BODY);
    MimeMessage m = parse(dsn);

    assertThat(dsn.recipient()).isEqualTo("news@example.com");
    assertThat(dsn.smtpUtf8()).isFalse();
    assertThat(m.getHeader("From", null)).isEqualTo("Mail Delivery System <MAILER-DAEMON@outpost.test>");
    assertThat(m.getHeader("To", null)).isEqualTo("<news@example.com>");
    assertThat(m.getSubject()).isEqualTo("Undelivered Mail Returned to Sender");
    assertThat(m.getSentDate()).isEqualTo(java.util.Date.from(NOW));
    assertThat(m.getMessageID()).isEqualTo("<DSN1.dsn@outpost.test>").isEqualTo(dsn.messageId());
    assertThat(m.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
    assertThat(m.getHeader("MIME-Version", null)).isEqualTo("1.0");
    ContentType type = new ContentType(m.getContentType());
    assertThat(type.getBaseType()).isEqualTo("multipart/report");
    assertThat(type.getParameter("report-type")).isEqualTo("delivery-status");

    MimeMultipart parts = (MimeMultipart) m.getContent();
    assertThat(parts.getCount()).isEqualTo(3);
    String text = (String) parts.getBodyPart(0).getContent();
    assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
    assertThat(unwrap(text)).contains("<a@x.test>: 550 5.1.1 The email account that you tried to reach does not exist.",
        "Category: unknown_user (hard bounce).", "Category: mailbox_full (soft bounce).",
        "What to do: A soft bounce: the recipient must free space.");

    assertThat(parts.getBodyPart(1).isMimeType("message/delivery-status")).isTrue();
    List<InternetHeaders> blocks = statusBlocks(parts.getBodyPart(1));
    assertThat(blocks).hasSize(3);
    InternetHeaders perMessage = blocks.get(0);
    assertThat(perMessage.getHeader("Reporting-MTA", null)).isEqualTo("dns; outpost.test");
    assertThat(perMessage.getHeader("Original-Envelope-Id", null)).isEqualTo("env+2B42");
    assertThat(perMessage.getHeader("Arrival-Date", null)).isEqualTo("Sat, 1 Mar 2025 10:00:00 +0000");
    InternetHeaders first = blocks.get(1);
    assertThat(first.getHeader("Original-Recipient", null)).isEqualTo("rfc822;A+2Bz@x.test");
    assertThat(first.getHeader("Final-Recipient", null)).isEqualTo("rfc822;a@x.test");
    assertThat(first.getHeader("Action", null)).isEqualTo("failed");
    assertThat(first.getHeader("Status", null)).isEqualTo("5.1.1");
    assertThat(first.getHeader("Remote-MTA", null)).isEqualTo("dns; mx.x.test");
    assertThat(unfold(first.getHeader("Diagnostic-Code", null)))
        .isEqualTo("smtp; 550 5.1.1 The email account that you tried to reach does not exist.");
    assertThat(first.getHeader("Last-Attempt-Date", null)).isEqualTo("Sat, 1 Mar 2025 10:05:00 +0000");
    assertThat(first.getHeader("Will-Retry-Until")).isNull();
    InternetHeaders second = blocks.get(2);
    assertThat(second.getHeader("Original-Recipient")).isNull();
    assertThat(second.getHeader("Status", null)).isEqualTo("5.2.2");

    BodyPart returned = parts.getBodyPart(2);
    assertThat(returned.isMimeType("text/rfc822-headers")).isTrue();
    String headers = new String(returned.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    assertThat(headers).startsWith("Received: by outpost.test;").contains("Subject: Spring sale\r\n")
        .doesNotContain("Everything must go");
    assertWellFormed(dsn.content());
  }

  @Test
  void retFullReturnsTheWholeMessage() throws Exception {
    DsnReport report = new DsnReport(DsnAction.FAILED, original(Envelope.DsnRet.FULL, null, BODY, "news@example.com"),
        List.of(failed("a@x.test", null, "550 5.1.1 no such user", BounceCategory.UNKNOWN_USER)), null);

    MimeMultipart parts = (MimeMultipart) parse(build(report, BODY)).getContent();

    BodyPart returned = parts.getBodyPart(2);
    assertThat(returned.isMimeType("message/rfc822")).isTrue();
    MimeMessage inner = (MimeMessage) returned.getContent();
    assertThat(inner.getSubject()).isEqualTo("Spring sale");
    assertThat(inner.getHeader("Received", null)).startsWith("by outpost.test;");
    assertThat((String) inner.getContent()).isEqualTo("Everything must go.\r\n");
    assertThat(statusBlocks(parts.getBodyPart(1)).getFirst().getHeader("Original-Envelope-Id")).isNull();
  }

  @Test
  void retFullOverTheCapOr8BitReturnsHeadersAndSaysWhy() throws Exception {
    String big = BODY + "x".repeat(300) + "\r\n";
    DsnBuilder small = new DsnBuilder("outpost.test", Clock.fixed(NOW, ZoneOffset.UTC), 200);
    DsnReport report = new DsnReport(DsnAction.FAILED, original(Envelope.DsnRet.FULL, null, big, "news@example.com"),
        List.of(failed("a@x.test", null, "550 5.1.1 no such user", BounceCategory.UNKNOWN_USER)), null);
    DsnMessage dsn = small.build(report, "DSN2", () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)));
    MimeMultipart parts = (MimeMultipart) parse(dsn).getContent();
    assertThat(parts.getBodyPart(2).isMimeType("text/rfc822-headers")).isTrue();
    assertThat(unwrap((String) parts.getBodyPart(0).getContent())).contains("Only the headers of your message are"
        + " attached: the message (" + (PREFIX.length + big.length()) + " octets) is larger than the 200 octets");

    String eightBit = "Subject: Grüße\r\n\r\nSchöne Grüße.\r\n";
    DsnReport utf = new DsnReport(DsnAction.FAILED, original(Envelope.DsnRet.FULL, null, eightBit, "news@example.com"),
        List.of(failed("a@x.test", null, "550 5.1.1 no such user", BounceCategory.UNKNOWN_USER)), null);
    DsnMessage dsn8 = build(utf, eightBit);
    MimeMultipart parts8 = (MimeMultipart) parse(dsn8).getContent();
    BodyPart headers = parts8.getBodyPart(2);
    assertThat(headers.isMimeType("text/rfc822-headers")).isTrue();
    assertThat(new String(headers.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).endsWith("Subject: Grüße\r\n");
    assertThat(unwrap((String) parts8.getBodyPart(0).getContent())).contains("8-bit data");
    assertWellFormed(dsn8.content());
  }

  @Test
  void delayReportSaysUntilWhenItRetries() throws Exception {
    Instant until = RECEIVED.plus(java.time.Duration.ofDays(5));
    DsnReport report = new DsnReport(DsnAction.DELAYED, original(Envelope.DsnRet.HDRS, null, BODY, "news@example.com"),
        List.of(new DsnRecipient("a@x.test", null, "4.4.1", "connect to mx.x.test[192.0.2.1]:25 failed: Connection"
            + " refused", null, BounceCategory.CONNECTION, NOW)), until);

    MimeMessage m = parse(build(report, BODY));

    assertThat(m.getSubject()).isEqualTo("Delayed Mail (still being retried)");
    MimeMultipart parts = (MimeMultipart) m.getContent();
    InternetHeaders r = statusBlocks(parts.getBodyPart(1)).get(1);
    assertThat(r.getHeader("Action", null)).isEqualTo("delayed");
    assertThat(r.getHeader("Status", null)).isEqualTo("4.4.1");
    assertThat(r.getHeader("Remote-MTA")).isNull();
    assertThat(unfold(r.getHeader("Diagnostic-Code", null)))
        .isEqualTo("X-Outpost; connect to mx.x.test[192.0.2.1]:25 failed: Connection refused");
    assertThat(r.getHeader("Will-Retry-Until", null)).isEqualTo("Thu, 6 Mar 2025 10:00:00 +0000");
    assertThat(unwrap((String) parts.getBodyPart(0).getContent())).contains("keeps trying until Thu, 6 Mar 2025");
  }

  @Test
  void nonAsciiIsEncodedSoTheReportStays7Bit() throws Exception {
    String reply = "550 5.1.1 Benutzer unbekannt – «josé»";
    DsnReport report = new DsnReport(DsnAction.FAILED, original(null, null, BODY, "news@example.com"),
        List.of(new DsnRecipient("josé@exämple.de", "utf-8;josé@exämple.de", "5.1.1", reply, "mx.exämple.de",
            BounceCategory.UNKNOWN_USER, NOW)), null);

    DsnMessage dsn = build(report, BODY);

    for (byte b : dsn.content()) assertThat(b & 0xff).isLessThan(0x80);
    assertWellFormed(dsn.content());
    MimeMultipart parts = (MimeMultipart) parse(dsn).getContent();
    assertThat((String) parts.getBodyPart(0).getContent()).contains("<josé@exämple.de>: " + reply);
    InternetHeaders r = statusBlocks(parts.getBodyPart(1)).get(1);
    assertThat(r.getHeader("Final-Recipient", null)).isEqualTo("utf-8;jos\\x{E9}@ex\\x{E4}mple.de");
    assertThat(r.getHeader("Original-Recipient", null)).isEqualTo("utf-8;jos\\x{E9}@ex\\x{E4}mple.de");
    assertThat(r.getHeader("Diagnostic-Code", null)).isEqualTo("smtp; 550 5.1.1 Benutzer unbekannt ? ?jos??");
  }

  @Test
  void aNonAsciiSenderNeedsSmtpUtf8() throws Exception {
    DsnReport report = new DsnReport(DsnAction.RELAYED, original(null, null, BODY, "zoë@example.com"),
        List.of(new DsnRecipient("a@x.test", null, "2.0.0", "250 2.0.0 Ok: queued as 4F2", "mx.x.test", null, NOW)),
        null);

    DsnMessage dsn = build(report, BODY);

    assertThat(dsn.smtpUtf8()).isTrue();
    assertThat(new String(dsn.content(), StandardCharsets.UTF_8)).contains("To: <zoë@example.com>\r\n")
        .contains("Action: relayed", "Subject: Successful Mail Delivery Report");
  }

  private static String unfold(String field) {
    return field.replaceAll("\r\n[ \t]+", " ");
  }

  private static String unwrap(String text) {
    return text.replaceAll("\\s+", " ");
  }

  private static void assertWellFormed(byte[] content) {
    int line = 0;
    for (int i = 0; i < content.length; i++) {
      if (content[i] == '\r') {
        assertThat(content[i + 1]).as("CR at %d is followed by LF", i).isEqualTo((byte) '\n');
        i++;
        line = 0;
      } else {
        assertThat(content[i]).as("no bare LF at %d", i).isNotEqualTo((byte) '\n');
        assertThat(++line).as("line length at %d", i).isLessThanOrEqualTo(998);
      }
    }
  }
}
