package dev.outpost.unsubscribe;

import dev.outpost.suppression.Suppression;
import dev.outpost.suppression.SuppressionList;
import dev.outpost.suppression.SuppressionReason;
import dev.outpost.suppression.SuppressionScope;
import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.EventSink;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a recipient's opt-out, however it arrived: an entry with reason {@code unsubscribe} on
 * the suppression list of the account that sent the mail, dated now, an
 * {@link DeliveryEvent.Type#UNSUBSCRIBED} event filed under the account and campaign, and a line
 * on the {@code outpost.suppression} logger. The recipient asked one sender to stop, so other
 * accounts may still mail them.
 */
public final class OptOuts {
  private static final Logger EVENTS = LoggerFactory.getLogger("outpost.suppression");

  /** How the opt-out reached Outpost, for the entry's detail and the log. */
  public enum Channel {
    ONE_CLICK("one-click unsubscribe"),
    MAILTO("mailto unsubscribe");

    private final String description;

    Channel(String description) {
      this.description = description;
    }
  }

  private final SuppressionList list;
  private final EventSink events;
  private final Clock clock;

  public OptOuts(SuppressionList list, EventSink events, Clock clock) {
    this.list = list;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Suppresses {@code address} for {@code account}. An entry that is there already and does not
   * expire is kept as it is: a second click, or a later unsubscribe after a complaint, changes
   * nothing, so the entry keeps the date and reason of the first opt-out, and no second event is
   * counted.
   */
  public void record(String account, String address, String campaign, Channel channel) {
    SuppressionScope scope = SuppressionScope.account(account);
    Optional<Suppression> existing = list.find(address, List.of(scope));
    if (existing.isPresent() && existing.get().expiresAt() == null) return;
    String detail = campaign == null ? channel.description : channel.description + ", campaign " + campaign;
    Instant now = clock.instant();
    list.put(new Suppression(scope, address, SuppressionReason.UNSUBSCRIBE, detail, now, null));
    events.record(DeliveryEvent.of(DeliveryEvent.Type.UNSUBSCRIBED, now).recipient(address).account(account)
        .campaign(campaign).reply(channel.description, null).build());
    EVENTS.info("{} unsubscribed from account {} by {}", Suppression.normalise(address), account, detail);
  }
}
