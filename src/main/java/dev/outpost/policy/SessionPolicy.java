package dev.outpost.policy;

/**
 * Decides who may send what, one small question at a time. Implementations are pure: they read
 * configuration and the facts given, and do no I/O, so that every rule is testable on its own.
 */
public interface SessionPolicy {

  /** MAIL FROM with {@code sender} (empty for the null sender). */
  Decision checkSender(SessionFacts facts, String sender);

  /** RCPT TO with {@code recipient}, after the syntax and limits are checked. */
  Decision checkRecipient(SessionFacts facts, String recipient);
}
