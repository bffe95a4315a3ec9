package dev.outpost.suppression;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * A complaint feedback report (ARF, RFC 5965): a multipart/report whose second part is
 * message/feedback-report and whose third part is the original message or its headers.
 *
 * @param feedbackType abuse, fraud, virus, other, …
 * @param complainant the recipient who complained: Original-Rcpt-To, else the original's To:;
 *     null when the report names none (providers often redact it)
 * @param reporter who sent the report (the report's From:), for the log
 * @param listUnsubscribe the original message's List-Unsubscribe field, unfolded, or null: when
 *     Outpost wrote it, it says which account sent the message and to whom
 */
public record FeedbackReport(String feedbackType, String complainant, String reporter, String listUnsubscribe) {

  /** Parses a report; throws when the message is not an ARF report. */
  public static FeedbackReport parse(byte[] message) throws IOException {
    try {
      MimeMessage mime = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message));
      if (!mime.isMimeType("multipart/report")) throw new IOException("not a multipart/report");
      Multipart parts = (Multipart) mime.getContent();
      InternetHeaders fields = null;
      String originalTo = null;
      String listUnsubscribe = null;
      for (int i = 0; i < parts.getCount(); i++) {
        BodyPart part = parts.getBodyPart(i);
        if (part.isMimeType("message/feedback-report")) {
          fields = new InternetHeaders(raw(part));
        } else if (part.isMimeType("message/rfc822") || part.isMimeType("text/rfc822-headers")) {
          InternetHeaders original = new InternetHeaders(raw(part));
          String[] to = original.getHeader("To");
          if (to != null && to.length > 0) originalTo = firstAddress(to[0]);
          listUnsubscribe = original.getHeader("List-Unsubscribe", ",");
          if (listUnsubscribe != null) listUnsubscribe = listUnsubscribe.replaceAll("\\r?\\n[ \t]", " ");
        }
      }
      if (fields == null) throw new IOException("no message/feedback-report part");
      String type = value(fields, "Feedback-Type");
      String rcpt = value(fields, "Original-Rcpt-To");
      String complainant = rcpt != null ? firstAddress(rcpt) : originalTo;
      if (type == null) throw new IOException("the feedback report has no Feedback-Type");
      String[] from = mime.getHeader("From");
      return new FeedbackReport(type.trim().toLowerCase(java.util.Locale.ROOT), complainant,
          from == null ? "unknown" : from[0], listUnsubscribe);
    } catch (MessagingException e) {
      throw new IOException("not a feedback report: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // Jakarta Mail's parser throws unchecked exceptions on some malformed MIME (an
      // IndexOutOfBoundsException for a part whose header section opens with a line of spaces
      // and a folded line). Anyone may send to the complaints address: that is not a report either.
      throw new IOException("not a feedback report: malformed MIME: " + e, e);
    }
  }

  /** The part's content as raw bytes, whatever Jakarta Mail would make of its type. */
  private static InputStream raw(BodyPart part) throws MessagingException, IOException {
    return part instanceof jakarta.mail.internet.MimeBodyPart m ? m.getRawInputStream() : part.getInputStream();
  }

  private static String value(InternetHeaders headers, String name) {
    String[] values = headers.getHeader(name);
    return values == null || values.length == 0 ? null : values[0].trim();
  }

  private static String firstAddress(String field) {
    try {
      InternetAddress[] addresses = InternetAddress.parseHeader(field, false);
      return addresses.length == 0 ? null : addresses[0].getAddress();
    } catch (MessagingException e) {
      return null;
    }
  }
}
