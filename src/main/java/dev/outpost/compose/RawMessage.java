package dev.outpost.compose;

import dev.outpost.pipeline.HeaderScanner;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A message given whole as RFC 5322 text, made ready for the spool: line ends made CRLF (a JSON
 * string usually carries bare LFs, which SMTP must never pass on), Bcc fields taken out of the
 * header (their recipients stay in the envelope), and the addresses a sender would take the
 * envelope from read off the header.
 *
 * @param content the message as it will be stored
 * @param from the first address of the From field, or null when it has none
 * @param headerRecipients every address of the To, Cc and Bcc fields, in that order
 */
public record RawMessage(byte[] content, String from, List<String> headerRecipients) {
  private static final Pattern LINE_END = Pattern.compile("\r\n|\r|\n");
  private static final String FIELD = "raw";

  /**
   * @param campaign a {@value HeaderScanner#CAMPAIGN_FIELD} value to put in front of the header, or null
   * @throws InvalidFieldException naming {@code raw} when the header section cannot be read
   */
  public static RawMessage parse(String raw, String campaign) {
    String text = LINE_END.matcher(raw).replaceAll("\r\n");
    int end = text.indexOf("\r\n\r\n");
    String header = end < 0 ? text : text.substring(0, end + 2);
    String rest = end < 0 ? "" : text.substring(end + 2);
    List<String> fields = unfoldedFields(header);
    String from = null;
    List<String> recipients = new ArrayList<>();
    StringBuilder kept = new StringBuilder(header.length() + 64);
    if (campaign != null) kept.append(HeaderScanner.CAMPAIGN_FIELD).append(": ").append(campaign).append("\r\n");
    for (String field : fields) {
      int colon = field.indexOf(':');
      String name = field.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = field.substring(colon + 1);
      switch (name) {
        case "from" -> {
          if (from == null) from = firstAddress(value);
        }
        case "to", "cc", "bcc" -> recipients.addAll(addresses(value, name));
        default -> { }
      }
      if (name.equals(HeaderScanner.CAMPAIGN_FIELD.toLowerCase(Locale.ROOT)) && campaign != null) {
        throw new InvalidFieldException("campaign", "the raw message has its own " + HeaderScanner.CAMPAIGN_FIELD + " field");
      }
      if (!name.equals("bcc")) kept.append(field);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 64);
    out.writeBytes(kept.toString().getBytes(StandardCharsets.UTF_8));
    out.writeBytes(rest.getBytes(StandardCharsets.UTF_8));
    return new RawMessage(out.toByteArray(), from, List.copyOf(recipients));
  }

  /** Each field with its continuation lines, CRLFs kept, so a kept field is written back as it came. */
  private static List<String> unfoldedFields(String header) {
    List<String> fields = new ArrayList<>();
    StringBuilder current = null;
    int lineNumber = 0;
    for (String line : header.split("(?<=\r\n)")) {
      lineNumber++;
      if (line.isEmpty()) continue;
      boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
      if (continuation && current != null) {
        current.append(line);
        continue;
      }
      int colon = line.indexOf(':');
      if (continuation || colon <= 0 || !line.substring(0, colon).strip().chars().allMatch(c -> c >= 33 && c <= 126)) {
        throw new InvalidFieldException(FIELD, "line " + lineNumber + " of the header section is not a header field;"
            + " a message starts with its header fields, then a blank line, then the body");
      }
      if (current != null) fields.add(current.toString());
      current = new StringBuilder(line);
    }
    if (current != null) fields.add(current.toString());
    if (fields.isEmpty()) throw new InvalidFieldException(FIELD, "the message has no header fields");
    return fields;
  }

  private static String firstAddress(String value) {
    List<String> all = addresses(value, "from");
    return all.isEmpty() ? null : all.get(0);
  }

  /** The addr-specs of an address-list field, group members included. */
  private static List<String> addresses(String value, String name) {
    String unfolded = value.replace("\r\n", "").strip();
    if (unfolded.isEmpty()) return List.of();
    List<String> out = new ArrayList<>();
    try {
      for (InternetAddress a : InternetAddress.parseHeader(unfolded, false)) {
        if (a.isGroup()) {
          for (InternetAddress member : a.getGroup(false)) out.add(member.getAddress());
        } else {
          out.add(a.getAddress());
        }
      }
    } catch (AddressException e) {
      throw new InvalidFieldException(FIELD, "the " + name + " field of the message cannot be read: " + e.getMessage());
    }
    return out;
  }
}
