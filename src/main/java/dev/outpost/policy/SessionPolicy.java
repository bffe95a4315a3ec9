package dev.outpost.policy;

import java.util.Optional;

/**
 * Decides who may send what, one small question at a time. Implementations read configuration,
 * the facts given and, for accounts, the state store; they keep no session state of their own,
 * so that every rule is testable on its own.
 */
public interface SessionPolicy {

  /** MAIL FROM with {@code sender} (empty for the null sender). */
  Decision checkSender(SessionFacts facts, String sender);

  /**
   * RCPT TO with {@code recipient}, after the syntax and protocol limits are checked;
   * {@code acceptedSoFar} recipients of this transaction were accepted before it.
   */
  Decision checkRecipient(SessionFacts facts, String recipient, int acceptedSoFar);

  /** The addresses of the message's From: field, as soon as its header section has arrived. */
  default FromDecision checkFrom(SessionFacts facts, java.util.List<String> fromAddresses) {
    return FromDecision.KEEP;
  }

  /**
   * Whether an accepted recipient is to be left out of the message when it is queued (a
   * suppressed address, when suppression drops rather than refuses). Wrappers must pass it on.
   */
  default boolean dropRecipient(SessionFacts facts, String recipient) {
    return false;
  }

  /**
   * The suppression entry that applies to {@code recipient}, if any, whatever the suppression
   * action: for transports that hand the envelope over whole (the HTTP API, campaigns) and report
   * a suppressed recipient in their answer instead of refusing or silently dropping it. Wrappers
   * must pass it on.
   */
  default Optional<SuppressionMatch> suppression(SessionFacts facts, String recipient) {
    return Optional.empty();
  }

  /** The whole message, after its data and before it is spooled. */
  default Decision checkMessage(SessionFacts facts, MessageFacts message) {
    return Decision.ACCEPT;
  }
}
