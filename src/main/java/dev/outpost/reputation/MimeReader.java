package dev.outpost.reputation;

import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.SharedFileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;

/**
 * Reads a message into a {@link LintedMessage} with Jakarta Mail. The message goes to a
 * temporary file first and is parsed from there, so only the text parts being looked at are in
 * memory, never the whole message with its attachments. A part that cannot be read becomes a
 * problem of the message, not a failure of the lint.
 */
final class MimeReader {
  private static final int MAX_DEPTH = 20;

  private final List<LintedMessage.Header> headers = new ArrayList<>();
  private final List<String> plain = new ArrayList<>();
  private final List<String> html = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private int images;

  private MimeReader() {}

  static LintedMessage read(InputStream in) throws IOException {
    Path file = Files.createTempFile("outpost-lint", ".eml");
    try {
      long size;
      try (OutputStream out = Files.newOutputStream(file)) {
        size = in.transferTo(out);
      }
      MimeReader reader = new MimeReader();
      try (SharedFileInputStream shared = new SharedFileInputStream(file.toFile())) {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), shared);
        reader.headers(message);
        reader.walk(message, 0);
      } catch (MessagingException e) {
        reader.problems.add("the message cannot be parsed: " + e.getMessage());
      }
      return new LintedMessage(size, reader.headers, reader.plain, reader.html, reader.images, reader.problems);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private void headers(MimeMessage message) throws MessagingException {
    Enumeration<Header> all = message.getAllHeaders();
    while (all.hasMoreElements()) {
      Header h = all.nextElement();
      String value = MimeUtility.unfold(h.getValue() == null ? "" : h.getValue()).strip();
      try {
        value = MimeUtility.decodeText(value);
      } catch (IOException undecodable) {
        problems.add("the " + h.getName() + " field has an encoded word in an unknown charset");
      }
      headers.add(new LintedMessage.Header(h.getName(), value));
    }
  }

  private void walk(Part part, int depth) {
    if (depth > MAX_DEPTH) {
      problems.add("multiparts are nested more than " + MAX_DEPTH + " deep");
      return;
    }
    try {
      if (part.isMimeType("multipart/*")) {
        if (!(part.getContent() instanceof Multipart multipart)) {
          problems.add("a " + part.getContentType() + " part is not a valid multipart");
          return;
        }
        if (multipart instanceof MimeMultipart mime && !mime.isComplete()) {
          problems.add("a multipart has no closing boundary: the message is truncated or malformed");
        }
        for (int i = 0; i < multipart.getCount(); i++) {
          BodyPart child = multipart.getBodyPart(i);
          walk(child, depth + 1);
        }
        return;
      }
      boolean attached = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
      if (part.isMimeType("image/*")) {
        images++;
      } else if (!attached && part.isMimeType("text/plain")) {
        plain.add(String.valueOf(part.getContent()));
      } else if (!attached && part.isMimeType("text/html")) {
        html.add(String.valueOf(part.getContent()));
      }
    } catch (MessagingException | IOException e) {
      problems.add("a part cannot be read: " + e.getMessage());
    }
  }
}
