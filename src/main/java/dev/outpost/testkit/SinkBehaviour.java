package dev.outpost.testkit;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How an {@link SmtpSink} answers: immutable, built from {@link #accepting()} with withers, and
 * swappable on a running sink with {@link SmtpSink#behave}. A reply given here is one line
 * without CRLF, e.g. {@code "451 4.3.0 try again later"}.
 *
 * <pre>{@code
 * SinkBehaviour.accepting()
 *     .reply(SinkStep.END_OF_DATA, "554 5.7.1 rejected as spam")
 *     .replyTo("nobody@example.com", "550 5.1.1 no such user")
 *     .maxRecipients(10)
 *     .withStartTls();
 * }</pre>
 */
public final class SinkBehaviour {
  private final Map<SinkStep, String> replies;
  private final Map<String, String> recipientReplies;
  private final SinkStep dropAt;
  private final SinkStep stallAt;
  private final int maxRecipients;
  private final boolean pipelining;
  /** Extension keywords left out of the EHLO reply. */
  private final Set<String> withheld;
  private final boolean startTls;
  private final String injectAfterStartTls;

  private SinkBehaviour(Map<SinkStep, String> replies, Map<String, String> recipientReplies, SinkStep dropAt,
      SinkStep stallAt, int maxRecipients, boolean pipelining, Set<String> withheld, boolean startTls,
      String injectAfterStartTls) {
    this.replies = replies;
    this.recipientReplies = recipientReplies;
    this.dropAt = dropAt;
    this.stallAt = stallAt;
    this.maxRecipients = maxRecipients;
    this.pipelining = pipelining;
    this.withheld = withheld;
    this.startTls = startTls;
    this.injectAfterStartTls = injectAfterStartTls;
  }

  /** Accepts everything; offers PIPELINING, 8BITMIME, SMTPUTF8, DSN, no STARTTLS. */
  public static SinkBehaviour accepting() {
    return new SinkBehaviour(Map.of(), Map.of(), null, null, 0, true, Set.of(), false, null);
  }

  /** Answers {@code reply} at {@code step} instead of the usual positive reply. */
  public SinkBehaviour reply(SinkStep step, String reply) {
    Map<SinkStep, String> copy = new EnumMap<>(SinkStep.class);
    copy.putAll(replies);
    copy.put(step, reply);
    return new SinkBehaviour(Map.copyOf(copy), recipientReplies, dropAt, stallAt, maxRecipients, pipelining,
        withheld, startTls, injectAfterStartTls);
  }

  /** Answers {@code reply} to RCPT TO for this address (case-insensitive). */
  public SinkBehaviour replyTo(String recipient, String reply) {
    Map<String, String> copy = new HashMap<>(recipientReplies);
    copy.put(recipient.toLowerCase(Locale.ROOT), reply);
    return new SinkBehaviour(replies, Map.copyOf(copy), dropAt, stallAt, maxRecipients, pipelining, withheld,
        startTls, injectAfterStartTls);
  }

  /** Closes the connection at this step instead of replying. */
  public SinkBehaviour dropAt(SinkStep step) {
    return new SinkBehaviour(replies, recipientReplies, step, stallAt, maxRecipients, pipelining, withheld,
        startTls, injectAfterStartTls);
  }

  /** Never replies at this step (until the sink is closed), to exercise client timeouts. */
  public SinkBehaviour stallAt(SinkStep step) {
    return new SinkBehaviour(replies, recipientReplies, dropAt, step, maxRecipients, pipelining, withheld,
        startTls, injectAfterStartTls);
  }

  /** Answers {@code 452 4.5.3} to RCPT beyond {@code n} recipients in one transaction; 0 for no limit. */
  public SinkBehaviour maxRecipients(int n) {
    return new SinkBehaviour(replies, recipientReplies, dropAt, stallAt, n, pipelining, withheld, startTls,
        injectAfterStartTls);
  }

  public SinkBehaviour withoutPipelining() {
    return new SinkBehaviour(replies, recipientReplies, dropAt, stallAt, maxRecipients, false, withheld,
        startTls, injectAfterStartTls);
  }

  public SinkBehaviour withoutSmtpUtf8() {
    return withholding("SMTPUTF8");
  }

  public SinkBehaviour withoutEightBitMime() {
    return withholding("8BITMIME");
  }

  private SinkBehaviour withholding(String keyword) {
    Set<String> more = new HashSet<>(withheld);
    more.add(keyword);
    return new SinkBehaviour(replies, recipientReplies, dropAt, stallAt, maxRecipients, pipelining, Set.copyOf(more),
        startTls, injectAfterStartTls);
  }

  /** Offers STARTTLS with a self-signed certificate. */
  public SinkBehaviour withStartTls() {
    return new SinkBehaviour(replies, recipientReplies, dropAt, stallAt, maxRecipients, pipelining, withheld,
        true, injectAfterStartTls);
  }

  /**
   * Sends this line in plain text right behind the 220 to STARTTLS, in the same TCP write, as
   * a man in the middle injecting a reply would. A correct client discards it.
   */
  public SinkBehaviour injectAfterStartTls(String line) {
    return new SinkBehaviour(replies, recipientReplies, dropAt, stallAt, maxRecipients, pipelining, withheld,
        startTls, line);
  }

  String replyFor(SinkStep step, String normal) {
    return replies.getOrDefault(step, normal);
  }

  String replyForRecipient(String address, String normal) {
    return recipientReplies.getOrDefault(address.toLowerCase(Locale.ROOT), replyFor(SinkStep.RCPT, normal));
  }

  boolean dropsAt(SinkStep step) {
    return dropAt == step;
  }

  boolean stallsAt(SinkStep step) {
    return stallAt == step;
  }

  int maxRecipients() {
    return maxRecipients;
  }

  boolean pipelining() {
    return pipelining;
  }

  boolean smtpUtf8() {
    return !withheld.contains("SMTPUTF8");
  }

  boolean eightBitMime() {
    return !withheld.contains("8BITMIME");
  }

  boolean startTls() {
    return startTls;
  }

  String injectAfterStartTls() {
    return injectAfterStartTls;
  }
}
