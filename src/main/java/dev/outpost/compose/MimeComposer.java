package dev.outpost.compose;

import dev.outpost.pipeline.HeaderScanner;
import jakarta.activation.DataHandler;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.util.Map;
import java.util.Properties;

/**
 * Builds the MIME form of a {@link Draft} with Jakarta Mail: text/plain or text/html alone,
 * multipart/alternative when both are given, inside multipart/mixed when there are attachments.
 * The result is 7-bit (encoded words in the header, quoted-printable or base64 in the body) with
 * CRLF line ends, as the spool stores what SMTP receives.
 *
 * <p>It has no Message-ID or Date unless the caller set them: the pipeline adds both, the
 * Message-ID from the queue id, so that it names the message in Outpost's logs too.
 */
public final class MimeComposer {
  private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

  static {
    // Jakarta Mail looks its StreamProvider up for every body part and multipart it creates, and
    // without this property that lookup is a ServiceLoader scan of every jar on the class path:
    // a fifth of a campaign's CPU time. The property names the provider the scan would find.
    if (System.getProperty(STREAM_PROVIDER) == null) {
      System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
    }
  }

  private static final Session SESSION = Session.getInstance(new Properties());
  private static final String UTF8 = "UTF-8";

  private MimeComposer() {}

  /** The message, ready for the pipeline. */
  public static byte[] compose(Draft draft) {
    try {
      MimeMessage message = new WithoutMessageId();
      message.setFrom(draft.from().internet());
      for (MailAddress a : draft.to()) message.addRecipient(Message.RecipientType.TO, a.internet());
      for (MailAddress a : draft.cc()) message.addRecipient(Message.RecipientType.CC, a.internet());
      if (draft.replyTo() != null) message.setReplyTo(new Address[] {draft.replyTo().internet()});
      if (draft.subject() != null) message.setSubject(draft.subject(), UTF8);
      for (Map.Entry<String, String> h : draft.headers().entrySet()) {
        message.addHeader(h.getKey(), headerValue(h.getKey(), h.getValue()));
      }
      if (draft.campaign() != null) message.setHeader(HeaderScanner.CAMPAIGN_FIELD, draft.campaign());
      if (draft.attachments().isEmpty()) {
        setBody(message, draft);
      } else {
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart body = new MimeBodyPart();
        setBody(body, draft);
        mixed.addBodyPart(body);
        for (Attachment a : draft.attachments()) mixed.addBodyPart(attachment(a));
        message.setContent(mixed);
      }
      message.saveChanges();
      ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
      message.writeTo(out);
      return out.toByteArray();
    } catch (MessagingException e) {
      throw new IllegalStateException("a checked draft could not be built: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Checks an attachment's content type, as given or defaulted, before anything is built. */
  public static String contentType(String given, String field) {
    String type = given == null || given.isBlank() ? "application/octet-stream" : given.strip();
    Fields.requireSingleLine(type, field);
    try {
      ContentType parsed = new ContentType(type);
      if (parsed.getPrimaryType().equalsIgnoreCase("multipart")) {
        throw new InvalidFieldException(field, "an attachment cannot be multipart");
      }
      return parsed.toString();
    } catch (ParseException e) {
      throw new InvalidFieldException(field, "not a content type: " + type);
    }
  }

  private static void setBody(MimePart part, Draft draft) throws MessagingException {
    if (draft.text() != null && draft.html() != null) {
      MimeMultipart alternative = new MimeMultipart("alternative");
      MimeBodyPart text = new MimeBodyPart();
      text.setText(crlf(draft.text()), UTF8);
      MimeBodyPart html = new MimeBodyPart();
      html.setText(crlf(draft.html()), UTF8, "html");
      alternative.addBodyPart(text);
      alternative.addBodyPart(html);
      part.setContent(alternative);
    } else if (draft.html() != null) {
      part.setText(crlf(draft.html()), UTF8, "html");
    } else {
      part.setText(crlf(draft.text()), UTF8);
    }
  }

  private static MimeBodyPart attachment(Attachment a) throws MessagingException {
    MimeBodyPart part = new MimeBodyPart();
    part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.content(), a.contentType())));
    part.setFileName(a.filename());
    part.setDisposition(MimeBodyPart.ATTACHMENT);
    return part;
  }

  /**
   * A text body goes out with 7bit encoding as it is when it is plain ASCII with short lines, so
   * its line ends must already be CRLF: a bare LF in the spool would reach the next hop bare.
   */
  static String crlf(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean crlf = c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n';
      if (crlf) {
        if (out != null) out.append("\r\n");
        i++;
      } else if (c == '\r' || c == '\n') {
        if (out == null) out = new StringBuilder(text.length() + 64).append(text, 0, i);
        out.append("\r\n");
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  /** Non-ASCII text in an extra field is sent as encoded words (RFC 2047), long values folded. */
  private static String headerValue(String name, String value) {
    try {
      return MimeUtility.fold(name.length() + 2, MimeUtility.encodeText(value, UTF8, null));
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException("UTF-8 is always supported", e);
    }
  }

  /** Jakarta Mail would invent a Message-ID from the local host name; the pipeline adds Outpost's. */
  private static final class WithoutMessageId extends MimeMessage {
    WithoutMessageId() {
      super(SESSION);
    }

    @Override
    protected void updateMessageID() {
      // Deliberately empty: a Message-ID the caller set in headers stays, and otherwise the
      // pipeline adds <queue id@hostname>.
    }
  }
}
