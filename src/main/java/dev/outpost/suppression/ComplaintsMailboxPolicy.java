package dev.outpost.suppression;

import dev.outpost.policy.Decision;
import dev.outpost.policy.ForwardingSessionPolicy;
import dev.outpost.policy.SessionFacts;
import dev.outpost.policy.SessionPolicy;

/**
 * Feedback loops deliver complaint reports from the receiving providers' own servers, which are
 * neither trusted nor authenticated: the complaints address is accepted from anyone, like a local
 * mailbox. Every other recipient is judged by the wrapped policy.
 */
public final class ComplaintsMailboxPolicy extends ForwardingSessionPolicy {
  private final ComplaintIntake intake;

  public ComplaintsMailboxPolicy(SessionPolicy next, ComplaintIntake intake) {
    super(next);
    this.intake = intake;
  }

  @Override
  public Decision checkRecipient(SessionFacts facts, String recipient, int acceptedSoFar) {
    return intake.isComplaintsAddress(recipient) ? Decision.ACCEPT
        : next.checkRecipient(facts, recipient, acceptedSoFar);
  }
}
