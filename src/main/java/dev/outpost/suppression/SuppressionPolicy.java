package dev.outpost.suppression;

import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.EventSink;
import dev.outpost.policy.Decision;
import dev.outpost.policy.ForwardingSessionPolicy;
import dev.outpost.policy.SessionFacts;
import dev.outpost.policy.SessionPolicy;
import dev.outpost.policy.SuppressionMatch;
import dev.outpost.smtp.Replies;
import dev.outpost.smtp.Reply;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import dev.outpost.config.SuppressionConfig.Action;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a suppressed recipient at RCPT with 550 5.7.1 after the wrapped policy has accepted it,
 * or, with {@code action = "drop"}, accepts it and leaves it out of the message when it is queued.
 * An authenticated account's recipients are checked against its own list and the global one;
 * a trusted network's against the global one. Mail arriving for local domains from anyone else
 * is not outbound marketing mail, so no list applies to it. Either way the recipient is recorded
 * as a {@link DeliveryEvent.Type#SUPPRESSED} event, without a queue id, since the message has none
 * yet when its recipients are judged.
 */
public final class SuppressionPolicy extends ForwardingSessionPolicy {
  private static final Logger EVENTS = LoggerFactory.getLogger("outpost.suppression");

  private final SuppressionList list;
  private final Action action;
  private final EventSink events;
  private final Clock clock;

  public SuppressionPolicy(SessionPolicy next, SuppressionList list, Action action, EventSink events, Clock clock) {
    super(next);
    this.list = list;
    this.action = action;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public Decision checkRecipient(SessionFacts facts, String recipient, int acceptedSoFar) {
    Decision decision = next.checkRecipient(facts, recipient, acceptedSoFar);
    if (!(decision instanceof Decision.Accept)) return decision;
    if (action == Action.DROP) return decision;
    Optional<Suppression> entry = list.find(recipient, scopes(facts));
    if (entry.isEmpty()) return decision;
    Reply refusal = Replies.suppressed(recipient, entry.get().scope().display(), entry.get().reason().key());
    record(facts, recipient, refusal.toString(), refusal.enhanced());
    return new Decision.Reject(refusal);
  }

  /** In drop mode the recipient was accepted at RCPT; here it is left out of the message, with an event. */
  @Override
  public boolean dropRecipient(SessionFacts facts, String recipient) {
    if (action != Action.DROP) return next.dropRecipient(facts, recipient);
    Optional<Suppression> entry = list.find(recipient, scopes(facts));
    if (entry.isEmpty()) return next.dropRecipient(facts, recipient);
    String reason = "on the suppression list of " + entry.get().scope().display() + " (" + entry.get().reason().key() + ")";
    EVENTS.info("dropped {}: {}", recipient, reason);
    record(facts, recipient, "dropped: " + reason, null);
    return true;
  }

  private void record(SessionFacts facts, String recipient, String reply, String status) {
    events.record(DeliveryEvent.of(DeliveryEvent.Type.SUPPRESSED, clock.instant()).account(facts.account())
        .recipient(recipient).reply(reply, status).build());
  }

  /** The HTTP API and campaigns leave the recipient out and say so; it is recorded as at RCPT. */
  @Override
  public Optional<SuppressionMatch> suppression(SessionFacts facts, String recipient) {
    Optional<Suppression> entry = list.find(recipient, scopes(facts));
    if (entry.isEmpty()) return next.suppression(facts, recipient);
    var match = new SuppressionMatch(entry.get().scope().display(), entry.get().reason().key());
    record(facts, recipient, "left out: on the suppression list of " + match.scope() + " (" + match.reason() + ")",
        null);
    return Optional.of(match);
  }

  private static List<SuppressionScope> scopes(SessionFacts facts) {
    if (facts.authenticated()) return List.of(SuppressionScope.account(facts.account()), SuppressionScope.GLOBAL);
    return facts.trusted() ? List.of(SuppressionScope.GLOBAL) : List.of();
  }
}
