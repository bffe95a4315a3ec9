package dev.outpost.bounce;

import java.util.Locale;

/**
 * Why a recipient was not delivered, in words a sender can act on. Each category carries a short
 * explanation of what the remote side meant and advice for the sender; both appear in DSNs and
 * the documentation, and {@link #id()} appears in the mail log as {@code category=...}.
 *
 * <p>Hard means the address itself is not worth mailing again once the failure is permanent:
 * a list manager should suppress it. Soft means the address may well be good and the problem lies
 * with the message, the sender or the moment; suppressing the address would be wrong. Whether
 * Outpost retries depends on the reply (4xx retried, 5xx not), not on the category.
 */
public enum BounceCategory {
  UNKNOWN_USER(true,
      "the recipient's server says this address does not exist",
      "Check the address for typos and remove it from your list; mailing unknown users again harms your reputation."),
  MAILBOX_FULL(false,
      "the recipient's mailbox is over its quota",
      "A soft bounce: the recipient must free space. A 4xx reply is retried until the message expires; after a"
          + " 5xx reply, try again in a few days, and remove the address if it stays full for weeks."),
  MESSAGE_TOO_LARGE(false,
      "the message is larger than the recipient's server accepts",
      "Send a smaller message: link to large files instead of attaching them."),
  BLOCKED_AS_SPAM(false,
      "the recipient's server judged the message or the sending IP to be spam, or the IP is on a blocklist",
      "Check the sending IP against blocklists (Spamhaus and others) and request delisting, review the content"
          + " and your list hygiene, and use the provider's delisting or postmaster form."),
  BLOCKED_BY_POLICY(false,
      "the recipient's server refused the message by policy, for example because the sender domain failed"
          + " SPF, DKIM or DMARC",
      "Publish SPF and DKIM for the sender domain, align them with the From domain for DMARC, and check that the"
          + " sending IP has a matching PTR record (`outpost check domain` shows what is missing)."),
  RATE_LIMITED(false,
      "the recipient's server is receiving too much mail from this sender or IP and asked to slow down",
      "Nothing to do for this message: Outpost slows down and retries. Warm new IPs up gradually and spread"
          + " large sends over time."),
  RELAY_DENIED(true,
      "the server that was reached does not accept mail for the recipient's domain",
      "Check the recipient's domain: its MX records may point at a server that no longer hosts it."),
  SENDER_AUTHENTICATION(false,
      "the remote server asked this server to authenticate (530/535), or refused its credentials",
      "This is a configuration problem on the sending side: a smarthost route needs valid credentials, or the"
          + " route points at a submission port instead of an MX."),
  DNS(true,
      "the recipient's domain does not exist, has no mail server, or publishes a null MX (RFC 7505)",
      "Check the domain for typos; a domain without mail servers cannot receive mail. A temporary DNS failure"
          + " is retried."),
  TLS(false,
      "a secure (TLS) connection to the recipient's server could not be set up",
      "The remote server's TLS is broken or the TLS policy for it is stricter than it supports; Outpost retries"
          + " until the message expires."),
  CONNECTION(false,
      "the recipient's server could not be reached or dropped the connection",
      "Usually temporary: Outpost retries until the message expires. If it lasts, the domain's mail servers may"
          + " be down or block this IP at the network level."),
  EXPIRED(false,
      "the message stayed in the queue longer than the maximum age and was given up",
      "The recipient's server kept deferring it; see the last reply for the reason. Send again later if it"
          + " still matters."),
  CONTENT_REJECTED(false,
      "the recipient's server refused the content of the message (a virus, a forbidden attachment, or bad"
          + " formatting)",
      "Remove executable or archived attachments, and check that the message is valid MIME with correct headers."),
  OTHER(false,
      "the recipient's server refused the message for a reason Outpost does not recognise",
      "Read the remote reply; if it recurs, add a rule for it to the bounce rules file ([bounce] rules).");

  private final boolean hard;
  private final String explanation;
  private final String advice;

  BounceCategory(boolean hard, String explanation, String advice) {
    this.hard = hard;
    this.explanation = explanation;
    this.advice = advice;
  }

  /** The name used in rule files and the mail log: {@code mailbox_full}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean hard() {
    return hard;
  }

  public String explanation() {
    return explanation;
  }

  public String advice() {
    return advice;
  }

  /** The category with this {@link #id()}, or null. */
  public static BounceCategory byId(String id) {
    for (BounceCategory c : values()) {
      if (c.id().equals(id)) return c;
    }
    return null;
  }
}
