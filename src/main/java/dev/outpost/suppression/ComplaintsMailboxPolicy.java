package dev.outpost.suppression;

import dev.outpost.policy.Decision;
import dev.outpost.policy.FromDecision;
import dev.outpost.policy.MessageFacts;
import dev.outpost.policy.SessionFacts;
import dev.outpost.policy.SessionPolicy;
import dev.outpost.policy.SuppressionMatch;
import java.util.List;
import java.util.Optional;

/**
 * Feedback loops deliver complaint reports from the receiving providers' own servers, which are
 * neither trusted nor authenticated: the complaints address is accepted from anyone, like a local
 * mailbox. Every other recipient is judged by the wrapped policy.
 */
public final class ComplaintsMailboxPolicy implements SessionPolicy {
  private final SessionPolicy next;
  private final ComplaintIntake intake;

  public ComplaintsMailboxPolicy(SessionPolicy next, ComplaintIntake intake) {
    this.next = next;
    this.intake = intake;
  }

  @Override
  public Decision checkSender(SessionFacts facts, String sender) {
    return next.checkSender(facts, sender);
  }

  @Override
  public Decision checkRecipient(SessionFacts facts, String recipient, int acceptedSoFar) {
    return intake.isComplaintsAddress(recipient) ? Decision.ACCEPT
        : next.checkRecipient(facts, recipient, acceptedSoFar);
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
