package dev.outpost.unsubscribe;

import dev.outpost.accounts.Account;
import dev.outpost.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The header lines that let a recipient leave and a provider report back, added to the mail of
 * accounts that have {@code list_unsubscribe} on, before the DKIM signature is made so that it
 * covers them:
 *
 * <pre>
 * List-Unsubscribe: &lt;mailto:unsubscribe+ID@hostname&gt;,
 *  &lt;https://public_url/u/TOKEN&gt;
 * List-Unsubscribe-Post: List-Unsubscribe=One-Click
 * Feedback-ID: campaign:account:outpost
 * </pre>
 *
 * <p>The address and the token name one recipient, so List-Unsubscribe is added only to a message
 * with exactly one: in a message to several, one recipient's click would unsubscribe another, and
 * a shared link cannot say who clicked. Campaigns send one message per recipient, so they always
 * get it; an application that sends one message to many recipients over SMTP gets only
 * Feedback-ID. List-Unsubscribe-Post goes with an HTTPS URL only, as RFC 8058 requires. A message
 * that has its own List-Unsubscribe keeps it and gets neither field, and one with its own
 * Feedback-ID keeps that: the sender's choice wins over the default.
 */
public final class UnsubscribeHeaders {
  /**
   * The last part of Feedback-ID, Gmail's "SenderId": the same on all of an Outpost's mail, so the
   * feedback loop's figures (reported to the owner of the signing domain) add up per account and
   * campaign beneath it.
   */
  public static final String SENDER_ID = "outpost";
  private static final Logger LOG = LoggerFactory.getLogger(UnsubscribeHeaders.class);

  /** Which of the fields the sender wrote already. */
  public record Present(boolean listUnsubscribe, boolean feedbackId) {}

  private final Function<String, Optional<Account>> accounts;
  private final UnsubscribeAddresses addresses;

  /** @param accounts the account of a name as stored now, so a changed setting counts at once */
  public UnsubscribeHeaders(Function<String, Optional<Account>> accounts, UnsubscribeAddresses addresses) {
    this.accounts = accounts;
    this.addresses = addresses;
  }

  /**
   * The lines to add to one message, CRLF-terminated, or none.
   *
   * @param account the authenticated account, or null (a trusted network's mail has no list to
   *     leave)
   * @param recipients the recipients the message is queued for
   * @param campaign the sender's campaign id, or null
   */
  public byte[] fields(String account, List<String> recipients, String campaign, Present present, String queueId) {
    if (account == null) return new byte[0];
    Optional<Account> found = accounts.apply(account);
    if (found.isEmpty() || !found.get().listUnsubscribe()) return new byte[0];
    StringBuilder out = new StringBuilder(256);
    if (!present.listUnsubscribe() && recipients.size() == 1 && recipients.get(0).indexOf('@') > 0) {
      listUnsubscribe(out, account, recipients.get(0), campaign, queueId);
    }
    if (!present.feedbackId()) out.append("Feedback-ID: ").append(feedbackId(account, campaign)).append("\r\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void listUnsubscribe(StringBuilder out, String account, String recipient, String campaign, String queueId) {
    String mailbox = null;
    try {
      mailbox = addresses.mailbox(account, recipient);
    } catch (StoreException e) {
      // The one-click URL needs no store: the message goes out with that alone.
      LOG.warn("{}: no mailto unsubscribe address for {}, the state store failed: {}", queueId, recipient,
          e.getMessage());
    }
    String url;
    try {
      url = addresses.oneClickUrl(new UnsubscribeToken(account, recipient, campaign));
    } catch (IllegalArgumentException e) {
      url = null;
    }
    if (mailbox == null && url == null) return;
    out.append("List-Unsubscribe: ");
    if (mailbox != null) out.append("<mailto:").append(mailbox).append('>');
    // Folded between the two URIs, never inside one: a token cannot be broken across lines.
    if (mailbox != null && url != null) out.append(",\r\n ");
    if (url != null) out.append('<').append(url).append('>');
    out.append("\r\n");
    if (url != null && addresses.oneClickIsHttps()) out.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
  }

  /** Gmail's format {@code a:b:c:SenderId}, most specific first; account names and campaign ids hold no colon. */
  static String feedbackId(String account, String campaign) {
    return (campaign == null ? "" : campaign + ":") + account + ":" + SENDER_ID;
  }
}
