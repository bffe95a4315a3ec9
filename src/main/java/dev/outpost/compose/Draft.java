package dev.outpost.compose;

import dev.outpost.pipeline.HeaderScanner;
import java.util.List;
import java.util.Map;

/**
 * A message as structured fields, before it is MIME: what {@link MimeComposer} builds. Bcc
 * recipients are not part of it: they belong to the envelope and never to the header.
 *
 * @param replyTo null for none
 * @param subject null for none
 * @param text the plain-text body, or null
 * @param html the HTML body, or null; at least one of text and html is given
 * @param headers extra header fields, in order, checked by {@link Fields#headers}
 * @param campaign the {@value HeaderScanner#CAMPAIGN_FIELD} id, or null
 */
public record Draft(
    MailAddress from,
    List<MailAddress> to,
    List<MailAddress> cc,
    MailAddress replyTo,
    String subject,
    String text,
    String html,
    Map<String, String> headers,
    List<Attachment> attachments,
    String campaign) {

  public Draft {
    to = List.copyOf(to);
    cc = List.copyOf(cc);
    attachments = List.copyOf(attachments);
  }

  /** The same message with another HTML body: tracking rewrites it before the MIME is built. */
  public Draft withHtml(String value) {
    return new Draft(from, to, cc, replyTo, subject, text, value, headers, attachments, campaign);
  }
}
