package dev.outpost.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.outpost.compose.Attachment;
import dev.outpost.compose.Draft;
import dev.outpost.compose.Fields;
import dev.outpost.compose.InvalidFieldException;
import dev.outpost.compose.MailAddress;
import dev.outpost.compose.MimeComposer;
import dev.outpost.compose.RawMessage;
import dev.outpost.pipeline.HeaderScanner;
import dev.outpost.smtp.Mailbox;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/v1/messages}: a raw RFC 5322 message with an optional envelope,
 * or structured fields that Outpost builds into MIME. Every field is checked here, and a bad one
 * is an {@link InvalidFieldException} naming it, before policy or the spool see anything.
 *
 * @param account the account to send as (an admin key only; an account key may name its own)
 * @param raw the whole message; with it, {@code from} and {@code to} are the envelope
 * @param to with {@code raw}, the envelope recipients (default: the message's To, Cc and Bcc)
 * @param campaign filed under this campaign id ({@value HeaderScanner#CAMPAIGN_FIELD})
 * @param trackOpens {@code false} turns off the open tracking the account allows (structured only)
 * @param trackClicks {@code false} turns off the click tracking the account allows (structured only)
 */
record MessageRequest(
    String account,
    String raw,
    String from,
    List<String> to,
    List<String> cc,
    List<String> bcc,
    @JsonProperty("reply_to") String replyTo,
    String subject,
    String text,
    String html,
    LinkedHashMap<String, String> headers,
    List<AttachmentRequest> attachments,
    String campaign,
    @JsonProperty("track_opens") Boolean trackOpens,
    @JsonProperty("track_clicks") Boolean trackClicks) {

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /** An attachment as JSON: its content base64-encoded. */
  record AttachmentRequest(String filename, @JsonProperty("content_type") String contentType, String content) {}

  /**
   * What the request sends, checked.
   *
   * @param recipients the envelope recipients, without repeats (compared without case)
   * @param recipientFields for each recipient, the request field it came from, such as {@code cc[1]}
   * @param draft the structured message, built into MIME only once tracking has had its say; null
   *     for a raw one
   * @param raw the raw message as it is sent; null for a structured one
   * @param smtpUtf8 an envelope address is not ASCII
   */
  record Outgoing(String sender, List<String> recipients, List<String> recipientFields, Draft draft, byte[] raw,
      boolean smtpUtf8) {}

  Outgoing outgoing() {
    if (campaign != null && !HeaderScanner.CAMPAIGN_ID.matcher(campaign).matches()) {
      throw new InvalidFieldException("campaign", "a campaign id is 1 to 64 letters, digits, '.', '_' or '-'");
    }
    return raw != null ? fromRaw() : structured();
  }

  private Outgoing fromRaw() {
    Map<String, Object> structuredOnly = new LinkedHashMap<>();
    structuredOnly.put("cc", cc);
    structuredOnly.put("bcc", bcc);
    structuredOnly.put("reply_to", replyTo);
    structuredOnly.put("subject", subject);
    structuredOnly.put("text", text);
    structuredOnly.put("html", html);
    structuredOnly.put("headers", headers);
    structuredOnly.put("attachments", attachments);
    structuredOnly.put("track_opens", trackOpens);
    structuredOnly.put("track_clicks", trackClicks);
    structuredOnly.forEach((name, value) -> {
      if (value != null) {
        throw new InvalidFieldException(name, "give either raw or the structured fields, not both; with raw,"
            + " only from and to (the envelope) may be given");
      }
    });
    RawMessage message = RawMessage.parse(raw, campaign);
    String sender;
    if (from != null) {
      sender = envelopeAddress(from, "from");
    } else if (message.from() != null) {
      sender = envelopeAddress(message.from(), "raw");
    } else {
      throw new InvalidFieldException("from", "no envelope sender: give from, or a From field in the message");
    }
    Recipients recipients = new Recipients();
    if (to != null) {
      for (int i = 0; i < to.size(); i++) recipients.add(envelopeAddress(to.get(i), "to[" + i + "]"), "to[" + i + "]");
    } else {
      for (String r : message.headerRecipients()) recipients.add(envelopeAddress(r, "raw"), "raw");
    }
    if (recipients.isEmpty()) {
      throw new InvalidFieldException("to", "no recipients: give to, or To, Cc or Bcc fields in the message");
    }
    return recipients.outgoing(sender, null, message.content());
  }

  private Outgoing structured() {
    MailAddress sender = MailAddress.parse(from, "from");
    List<MailAddress> toAddresses = Fields.addresses(to, "to");
    List<MailAddress> ccAddresses = Fields.addresses(cc, "cc");
    List<MailAddress> bccAddresses = Fields.addresses(bcc, "bcc");
    if (toAddresses.isEmpty() && ccAddresses.isEmpty() && bccAddresses.isEmpty()) {
      throw new InvalidFieldException("to", "at least one recipient is required (to, cc or bcc)");
    }
    MailAddress reply = replyTo == null ? null : MailAddress.parse(replyTo, "reply_to");
    if (subject != null) Fields.requireSingleLine(subject, "subject");
    if (text == null && html == null) throw new InvalidFieldException("text", "text or html is required");
    Draft draft = new Draft(sender, toAddresses, ccAddresses, reply, subject, text, html,
        Fields.headers(headers, "headers"), attachmentParts(), campaign);
    Recipients recipients = new Recipients();
    recipients.addAll(toAddresses, "to");
    recipients.addAll(ccAddresses, "cc");
    recipients.addAll(bccAddresses, "bcc");
    return recipients.outgoing(sender.address(), draft, null);
  }

  private List<Attachment> attachmentParts() {
    if (attachments == null) return List.of();
    List<Attachment> out = new ArrayList<>(attachments.size());
    for (int i = 0; i < attachments.size(); i++) {
      AttachmentRequest a = attachments.get(i);
      String field = "attachments[" + i + "]";
      if (a == null) throw new InvalidFieldException(field, "an attachment is an object");
      if (a.filename() == null || a.filename().isBlank()) {
        throw new InvalidFieldException(field + ".filename", "a file name is required");
      }
      Fields.requireSingleLine(a.filename(), field + ".filename");
      String type = MimeComposer.contentType(a.contentType(), field + ".content_type");
      if (a.content() == null) throw new InvalidFieldException(field + ".content", "the content is required (base64)");
      byte[] content;
      try {
        // Line breaks are usual in base64 and harmless; any other stray character is a mistake.
        content = Base64.getDecoder().decode(WHITESPACE.matcher(a.content()).replaceAll(""));
      } catch (IllegalArgumentException e) {
        throw new InvalidFieldException(field + ".content", "not base64: " + e.getMessage());
      }
      out.add(new Attachment(a.filename(), type, content));
    }
    return out;
  }

  /** An envelope address of a raw message: a bare mailbox, which may be UTF-8 (SMTPUTF8). */
  private static String envelopeAddress(String value, String field) {
    if (value == null || value.isBlank()) throw new InvalidFieldException(field, "an address is required");
    try {
      return Mailbox.check(value.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(field, "not an address: " + e.getMessage());
    }
  }

  /** The envelope recipients in the order given, each once, with the field each came from. */
  private static final class Recipients {
    private final List<String> addresses = new ArrayList<>();
    private final List<String> fields = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();

    void add(String address, String field) {
      if (seen.add(address.toLowerCase(Locale.ROOT))) {
        addresses.add(address);
        fields.add(field);
      }
    }

    void addAll(List<MailAddress> list, String field) {
      for (int i = 0; i < list.size(); i++) add(list.get(i).address(), field + "[" + i + "]");
    }

    boolean isEmpty() {
      return addresses.isEmpty();
    }

    Outgoing outgoing(String sender, Draft draft, byte[] raw) {
      boolean utf8 = Mailbox.isNonAscii(sender) || addresses.stream().anyMatch(Mailbox::isNonAscii);
      return new Outgoing(sender, List.copyOf(addresses), List.copyOf(fields), draft, raw, utf8);
    }
  }
}
