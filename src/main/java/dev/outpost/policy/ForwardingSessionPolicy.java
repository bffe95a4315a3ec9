package dev.outpost.policy;

import java.util.List;
import java.util.Optional;

/**
 * A policy that wraps another and passes on every question it does not override, so that a
 * wrapper states only what it changes and cannot forget to pass on the rest.
 */
public abstract class ForwardingSessionPolicy implements SessionPolicy {
  protected final SessionPolicy next;

  protected ForwardingSessionPolicy(SessionPolicy next) {
    this.next = next;
  }

  @Override
  public Decision checkSender(SessionFacts facts, String sender) {
    return next.checkSender(facts, sender);
  }

  @Override
  public Decision checkRecipient(SessionFacts facts, String recipient, int acceptedSoFar) {
    return next.checkRecipient(facts, recipient, acceptedSoFar);
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
