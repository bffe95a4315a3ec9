package dev.outpost.unsubscribe;

import dev.outpost.policy.Decision;
import dev.outpost.policy.ForwardingSessionPolicy;
import dev.outpost.policy.SessionFacts;
import dev.outpost.policy.SessionPolicy;
import dev.outpost.smtp.Replies;
import dev.outpost.store.StoreException;

/**
 * Unsubscribe mail comes from the recipients' own providers, which are neither trusted nor
 * authenticated: an unsubscribe address that was handed out is accepted from anyone, like a local
 * mailbox, and one that was not is refused at RCPT as an unknown user, saying nothing more. Every
 * other recipient is judged by the wrapped policy.
 */
public final class UnsubscribeMailboxPolicy extends ForwardingSessionPolicy {
  private final MailtoUnsubscribe mailto;

  public UnsubscribeMailboxPolicy(SessionPolicy next, MailtoUnsubscribe mailto) {
    super(next);
    this.mailto = mailto;
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
}
