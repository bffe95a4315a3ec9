package dev.outpost.unsubscribe;

import dev.outpost.suppression.Complainant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two ways a recipient can opt out, as they appear in List-Unsubscribe: the mailto address
 * {@code unsubscribe+ID@hostname} and the one-click URL {@code <public_url>/u/TOKEN}. Makes them
 * for outgoing mail and reads them back from incoming unsubscribe mail and complaint reports.
 */
public final class UnsubscribeAddresses {
  /** The local part's prefix; the id follows it. */
  public static final String MAILBOX_PREFIX = "unsubscribe+";
  /** The path of the one-click endpoint; the token follows it. */
  public static final String PATH = "/u/";
  private static final Pattern URL_TOKEN = Pattern.compile("/u/([A-Za-z0-9_-]+)>");
  private static final Pattern MAILTO_ID = Pattern.compile("<mailto:(" + Pattern.quote(MAILBOX_PREFIX)
      + "[a-z2-7]+@[^>?]+)", Pattern.CASE_INSENSITIVE);

  private final UnsubscribeTokens tokens;
  private final MailboxRegistry mailboxes;
  private final String hostname;
  private final String linkBase;

  /**
   * @param hostname this server's name, whose MX (or address) must lead to a listener on port 25
   * @param linkBase {@code [http] public_url} without a trailing slash, or null when HTTP is off
   */
  public UnsubscribeAddresses(UnsubscribeTokens tokens, MailboxRegistry mailboxes, String hostname, String linkBase) {
    this.tokens = tokens;
    this.mailboxes = mailboxes;
    this.hostname = hostname.toLowerCase(Locale.ROOT);
    this.linkBase = linkBase;
  }

  /** The mailto address for this recipient, stored before it is returned (see {@link MailboxRegistry}). */
  public String mailbox(String account, String recipient) {
    return MAILBOX_PREFIX + mailboxes.register(account, recipient) + "@" + hostname;
  }

  /** The one-click URL, or null when Outpost serves no HTTP. */
  public String oneClickUrl(UnsubscribeToken token) {
    return linkBase == null ? null : linkBase + PATH + tokens.issue(token);
  }

  /** Whether the URLs are HTTPS, as RFC 8058 requires of a one-click URL. */
  public boolean oneClickIsHttps() {
    return linkBase != null && linkBase.regionMatches(true, 0, "https://", 0, 8);
  }

  /** Whether {@code recipient} has the form of this server's mailto unsubscribe addresses. */
  public boolean isMailbox(String recipient) {
    return mailboxId(recipient) != null;
  }

  /** Who a mailto unsubscribe address was handed out for; empty for an unknown or malformed one. */
  public Optional<UnsubscribeToken> resolveMailbox(String recipient) {
    String id = mailboxId(recipient);
    if (id == null) return Optional.empty();
    return mailboxes.find(id).map(m -> new UnsubscribeToken(m.account(), m.address(), null));
  }

  /** The content of a one-click token; empty for a forged or malformed one. */
  public Optional<UnsubscribeToken> resolveToken(String token) {
    return tokens.verify(token);
  }

  /**
   * Who the message with this List-Unsubscribe field value was sent to, and by which account, if
   * Outpost wrote the field: the one-click token first, as it needs no lookup, else the mailto
   * address. Empty for a field of the sender's own.
   */
  public Optional<UnsubscribeToken> resolveField(String value) {
    Matcher url = URL_TOKEN.matcher(value);
    while (url.find()) {
      Optional<UnsubscribeToken> token = tokens.verify(url.group(1));
      if (token.isPresent()) return token;
    }
    Matcher mailto = MAILTO_ID.matcher(value);
    while (mailto.find()) {
      Optional<UnsubscribeToken> token = resolveMailbox(mailto.group(1));
      if (token.isPresent()) return token;
    }
    return Optional.empty();
  }

  /** {@link #resolveField} in the terms of a complaint report. */
  public Optional<Complainant> complainant(String listUnsubscribeValue) {
    return resolveField(listUnsubscribeValue).map(t -> new Complainant(t.account(), t.address(), t.campaign()));
  }

  /** The id of {@code unsubscribe+ID@hostname}, any case; null for any other address. */
  private String mailboxId(String recipient) {
    int at = recipient.lastIndexOf('@');
    if (at < MAILBOX_PREFIX.length() || !recipient.regionMatches(true, 0, MAILBOX_PREFIX, 0, MAILBOX_PREFIX.length())) {
      return null;
    }
    if (!recipient.substring(at + 1).equalsIgnoreCase(hostname)) return null;
    return recipient.substring(MAILBOX_PREFIX.length(), at).toLowerCase(Locale.ROOT);
  }
}
