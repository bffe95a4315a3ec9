package dev.outpost.spool;

import java.time.Instant;
import java.util.List;

/**
 * Everything about a queued message except its body: who sent it, to whom, what each recipient's
 * delivery state is, and the header lines that Outpost prepends to the body on delivery.
 *
 * <p>An envelope is small (well under a kilobyte for a typical message) so that the queue can keep
 * millions of them, and a restart can rebuild the schedule from envelopes alone.
 *
 * @param queueId the id given in the 250 reply, unique in this spool
 * @param sender reverse path; empty for the null sender {@code <>}
 * @param recipients one entry per accepted RCPT, in the order received
 * @param receivedAt when the 250 was given
 * @param clientAddress IP address of the submitting client
 * @param heloName what the client said in EHLO or HELO
 * @param smtpUtf8 the client asked for SMTPUTF8
 * @param bodyType {@code EIGHT_BITMIME} when the content has octets above 127, whatever BODY= said,
 *     since that is what the next hop must accept
 * @param ret RET= from MAIL FROM, or null
 * @param envId ENVID= from MAIL FROM (xtext-decoded), or null
 * @param headerPrefix header lines added by Outpost (Received, and Message-ID or Date when
 *     missing), CRLF-terminated, sent before the stored body
 * @param bodySize octets of the stored body
 * @param nextAttemptAt when the pending recipients are due; receivedAt for a new message
 * @param delayWarningSentAt when the delay DSN went to the sender, or null; set at most once,
 *     so a message never causes a second delay DSN
 * @param held an operator put the message on hold ({@code outpost queue hold}): it is not
 *     delivered, even when due, until released; kept across restarts
 * @param account the account that sent the message, or null for mail from a trusted network, to
 *     a local domain, or from Outpost itself (a DSN); events and statistics are filed under it
 * @param campaignId the sender's campaign, from {@code X-Outpost-Campaign} or the API, or null;
 *     a short token, so that events and statistics can roll up per campaign
 */
public record Envelope(
    String queueId,
    String sender,
    List<Recipient> recipients,
    Instant receivedAt,
    String clientAddress,
    String heloName,
    boolean smtpUtf8,
    BodyType bodyType,
    DsnRet ret,
    String envId,
    byte[] headerPrefix,
    long bodySize,
    Instant nextAttemptAt,
    Instant delayWarningSentAt,
    boolean held,
    String account,
    String campaignId) {

  public Envelope {
    recipients = List.copyOf(recipients);
  }

  /** A message that has not caused a delay DSN: every newly received one. */
  public Envelope(String queueId, String sender, List<Recipient> recipients, Instant receivedAt,
      String clientAddress, String heloName, boolean smtpUtf8, BodyType bodyType, DsnRet ret, String envId,
      byte[] headerPrefix, long bodySize, Instant nextAttemptAt) {
    this(queueId, sender, recipients, receivedAt, clientAddress, heloName, smtpUtf8, bodyType, ret, envId,
        headerPrefix, bodySize, nextAttemptAt, null, false, null, null);
  }

  /** A message that is not on hold. */
  public Envelope(String queueId, String sender, List<Recipient> recipients, Instant receivedAt,
      String clientAddress, String heloName, boolean smtpUtf8, BodyType bodyType, DsnRet ret, String envId,
      byte[] headerPrefix, long bodySize, Instant nextAttemptAt, Instant delayWarningSentAt) {
    this(queueId, sender, recipients, receivedAt, clientAddress, heloName, smtpUtf8, bodyType, ret, envId,
        headerPrefix, bodySize, nextAttemptAt, delayWarningSentAt, false, null, null);
  }

  /** Recipients still waiting for delivery. */
  public List<Recipient> pending() {
    return recipients.stream().filter(r -> r.state() == RecipientState.PENDING).toList();
  }

  public boolean isFinished() {
    return recipients.stream().noneMatch(r -> r.state() == RecipientState.PENDING);
  }

  public Envelope withRecipients(List<Recipient> updated, Instant nextAttempt) {
    return new Envelope(queueId, sender, updated, receivedAt, clientAddress, heloName, smtpUtf8, bodyType,
        ret, envId, headerPrefix, bodySize, nextAttempt, delayWarningSentAt, held, account, campaignId);
  }

  /** This envelope, marked as having caused its one delay DSN at {@code at}. */
  public Envelope withDelayWarningSentAt(Instant at) {
    return new Envelope(queueId, sender, recipients, receivedAt, clientAddress, heloName, smtpUtf8, bodyType,
        ret, envId, headerPrefix, bodySize, nextAttemptAt, at, held, account, campaignId);
  }

  /** This envelope, put on hold or released. */
  public Envelope withHeld(boolean onHold) {
    return new Envelope(queueId, sender, recipients, receivedAt, clientAddress, heloName, smtpUtf8, bodyType,
        ret, envId, headerPrefix, bodySize, nextAttemptAt, delayWarningSentAt, onHold, account, campaignId);
  }

  /** This envelope, filed under {@code sendingAccount} and {@code campaign}, either of which may be null. */
  public Envelope withOrigin(String sendingAccount, String campaign) {
    return new Envelope(queueId, sender, recipients, receivedAt, clientAddress, heloName, smtpUtf8, bodyType,
        ret, envId, headerPrefix, bodySize, nextAttemptAt, delayWarningSentAt, held, sendingAccount, campaign);
  }

  /** Whether the sender asked for no notices at all: the null reverse path of a DSN or auto-reply. */
  public boolean hasNullSender() {
    return sender.isEmpty();
  }

  /** BODY= parameter of MAIL FROM (RFC 6152, RFC 3030). */
  public enum BodyType {
    SEVEN_BIT,
    EIGHT_BITMIME,
    BINARYMIME
  }

  /** RET= parameter of MAIL FROM (RFC 3461). */
  public enum DsnRet {
    FULL,
    HDRS
  }
}
