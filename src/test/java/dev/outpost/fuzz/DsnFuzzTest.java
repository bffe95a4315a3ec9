package dev.outpost.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.outpost.bounce.BounceCategory;
import dev.outpost.bounce.DsnAction;
import dev.outpost.bounce.DsnBuilder;
import dev.outpost.bounce.DsnMessage;
import dev.outpost.bounce.DsnRecipient;
import dev.outpost.bounce.DsnReport;
import dev.outpost.delivery.MalformedReplyException;
import dev.outpost.delivery.ReplyParser;
import dev.outpost.delivery.SmtpReply;
import dev.outpost.smtp.CommandParser;
import dev.outpost.smtp.SmtpCommand;
import dev.outpost.smtp.Xtext;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * DSNs (RFC 3464) built from what strangers control: the sender and recipient addresses and ORCPT
 * a client gave (through the real command parser), the remote server's reply (through the real
 * reply parser), and the original message. Whatever they hold, the DSN keeps the promises of
 * {@link DsnBuilder}: CR LF line ends, no line over 998 octets, 7-bit except a non-ASCII To; and a
 * MIME parser reads it back as a multipart/report whose delivery-status part has one block per
 * recipient with its Status.
 */
class DsnFuzzTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:05:00Z");
  private static final byte[] PREFIX = "Received: by outpost.test; Sun, 1 Mar 2026 10:00:00 +0000\r\n"
      .getBytes(StandardCharsets.US_ASCII);
  private static final DsnBuilder BUILDER = new DsnBuilder("outpost.test", Clock.fixed(NOW, ZoneOffset.UTC));

  @FuzzTest(maxDuration = "20s")
  void dsnKeepsItsFormWhateverGoesIntoIt(FuzzedDataProvider data) throws Exception {
    String sender = address("MAIL FROM:<", data.consumeString(120), "> SMTPUTF8", "sender@example.com");
    int count = data.consumeInt(1, 3);
    List<Recipient> recipients = new ArrayList<>();
    List<DsnRecipient> reported = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String address = address("RCPT TO:<", data.consumeString(250), ">", "r" + i + "@example.net");
      String orcpt = data.consumeBoolean() ? orcpt(data.consumeString(250)) : null;
      SmtpReply reply = reply(data.consumeString(300));
      recipients.add(Recipient.pending(address, Set.of(), orcpt));
      reported.add(new DsnRecipient(address, orcpt, reply.dsn(), reply.oneLine(), data.consumeAsciiString(80),
          BounceCategory.OTHER, NOW));
    }
    DsnAction action = data.pickValue(DsnAction.values());
    Envelope.DsnRet ret = data.consumeBoolean() ? Envelope.DsnRet.FULL : Envelope.DsnRet.HDRS;
    byte[] body = HeaderFuzzTest.crlf(data.consumeRemainingAsBytes());
    Envelope original = new Envelope("Q1", sender, recipients, NOW, "192.0.2.1", "client.test", true,
        Envelope.BodyType.EIGHT_BITMIME, ret, null, PREFIX, body.length, NOW);
    DsnReport report = new DsnReport(action, original, reported,
        action == DsnAction.DELAYED ? NOW.plusSeconds(3600) : null);

    DsnMessage dsn = BUILDER.build(report, "DSN1", () -> new ByteArrayInputStream(body));

    checkLines(dsn);
    MimeMessage mime = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(dsn.content()));
    if (!mime.isMimeType("multipart/report")) throw new IllegalStateException("not a multipart/report");
    MimeMultipart parts = (MimeMultipart) mime.getContent();
    if (parts.getCount() != 3) throw new IllegalStateException(parts.getCount() + " parts");
    BodyPart status = parts.getBodyPart(1);
    if (!status.isMimeType("message/delivery-status")) throw new IllegalStateException("second part " + status.getContentType());
    List<InternetHeaders> blocks = new ArrayList<>();
    try (InputStream in = ((jakarta.mail.internet.MimeBodyPart) status).getRawInputStream()) {
      while (in.available() > 0) {
        InternetHeaders h = new InternetHeaders(in);
        if (h.getAllHeaderLines().hasMoreElements()) blocks.add(h);
      }
    }
    if (blocks.size() != count + 1) throw new IllegalStateException(blocks.size() + " blocks for " + count);
    for (int i = 0; i < count; i++) {
      InternetHeaders block = blocks.get(i + 1);
      String[] got = block.getHeader("Status");
      if (got == null || !got[0].trim().equals(reported.get(i).status())) {
        throw new IllegalStateException("recipient " + i + " has Status " + (got == null ? null : got[0]));
      }
      if (block.getHeader("Final-Recipient") == null) throw new IllegalStateException("no Final-Recipient");
    }
  }

  /** The address of a command line as the server's parser takes it, or {@code fallback} if it refuses. */
  private static String address(String before, String address, String after, String fallback) {
    String line = before + address + after;
    if (line.getBytes(StandardCharsets.UTF_8).length > 510) return fallback;
    return switch (CommandParser.parse(line)) {
      case SmtpCommand.Mail m when !m.sender().isEmpty() -> m.sender();
      case SmtpCommand.Rcpt r -> r.recipient();
      default -> fallback;
    };
  }

  /** ORCPT as the server takes it in: {@code addr-type;} and an xtext address, decoded. */
  private static String orcpt(String xtext) {
    String decoded = Xtext.decode(xtext);
    return decoded == null || decoded.isEmpty() ? null : "rfc822;" + decoded;
  }

  /** The remote reply, as the client's parser takes it; a local reason when it is not a reply. */
  private static SmtpReply reply(String lines) {
    ReplyParser parser = new ReplyParser();
    try {
      for (String line : lines.split("\n", -1)) {
        SmtpReply reply = parser.accept(line);
        if (reply != null) return reply;
      }
    } catch (MalformedReplyException e) {
      // what a broken server says ends the connection; the recipient gets Outpost's own reason
    }
    return SmtpReply.parse("451 4.4.2 lost connection with mx.example.net[192.0.2.9]:25");
  }

  private static void checkLines(DsnMessage dsn) {
    byte[] c = dsn.content();
    int lineStart = 0;
    for (int i = 0; i < c.length; i++) {
      boolean crlf = c[i] == '\r' && i + 1 < c.length && c[i + 1] == '\n';
      if (!crlf && (c[i] == '\r' || c[i] == '\n')) throw new IllegalStateException("bare CR or LF at " + i);
      if (crlf) {
        if (i - lineStart > 998) throw new IllegalStateException("line of " + (i - lineStart) + " octets at " + lineStart);
        boolean toLine = i - lineStart >= 3 && new String(c, lineStart, 3, StandardCharsets.ISO_8859_1).equals("To:");
        for (int k = lineStart; k < i; k++) {
          if (c[k] < 0 && !(toLine && dsn.smtpUtf8())) {
            throw new IllegalStateException("8-bit octet in line at " + lineStart);
          }
        }
        lineStart = i + 2;
        i++;
      }
    }
    if (lineStart != c.length) throw new IllegalStateException("last line has no CR LF");
  }
}
