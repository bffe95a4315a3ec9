package dev.outpost.unsubscribe;

import dev.outpost.policy.Decision;
import dev.outpost.policy.FromDecision;
import dev.outpost.policy.MessageFacts;
import dev.outpost.policy.SessionFacts;
import dev.outpost.policy.SessionPolicy;
import dev.outpost.policy.SuppressionMatch;
import dev.outpost.smtp.Replies;
import dev.outpost.store.StoreException;
import java.util.List;
import java.util.Optional;

/**
 * Unsubscribe mail comes from the recipients' own providers, which are neither trusted nor
 * authenticated: an unsubscribe address that was handed out is accepted from anyone, like a local
 * mailbox, and one that was not is refused at RCPT as an unknown user, saying nothing more. Every
 * other recipient is judged by the wrapped policy.
 */
public final class UnsubscribeMailboxPolicy implements SessionPolicy {
  private final SessionPolicy next;
  private final MailtoUnsubscribe mailto;

  public UnsubscribeMailboxPolicy(SessionPolicy next, MailtoUnsubscribe mailto) {
    this.next = next;
    this.mailto = mailto;
  }

  @Override
  public Decision checkSender(SessionFacts facts, String sender) {
    return next.checkSender(facts, sender);
  }

  @Override
  public Decision checkRecipient(SessionFacts facts, String recipient, int acceptedSoFar) {
    if (!mailto.isUnsubscribeAddress(recipient)) return next.checkRecipient(facts, recipient, acceptedSoFar);
    try {
      return mailto.isKnown(recipient) ? Decision.ACCEPT : new Decision.Reject(Replies.UNKNOWN_UNSUBSCRIBE_ADDRESS);
    } catch (StoreException e) {
      return new Decision.TempFail(Replies.UNSUBSCRIBE_LOOKUP_FAILED);
    }
  }

  @Override
  public FromDecision checkFrom(SessionFacts facts, List<String> fromAddresses) {
    return next.checkFrom(facts, fromAddresses);
  }

  @Override
  public boolean dropRecipient(SessionFacts facts, String recipient) {
    return next.dropRecipient(facts, recipient);
  }

  @Override
  public Optional<SuppressionMatch> suppression(SessionFacts facts, String recipient) {
    return next.suppression(facts, recipient);
  }

  @Override
  public Decision checkMessage(SessionFacts facts, MessageFacts message) {
    return next.checkMessage(facts, message);
  }
}
