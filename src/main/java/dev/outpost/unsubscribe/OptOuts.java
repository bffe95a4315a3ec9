package dev.outpost.unsubscribe;

import dev.outpost.suppression.Suppression;
import dev.outpost.suppression.SuppressionList;
import dev.outpost.suppression.SuppressionReason;
import dev.outpost.suppression.SuppressionScope;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a recipient's opt-out, however it arrived: an entry with reason {@code unsubscribe} on
 * the suppression list of the account that sent the mail, dated now, and an event on the
 * {@code outpost.suppression} logger. The recipient asked one sender to stop, so other accounts
 * may still mail them.
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
  private final Clock clock;

  public OptOuts(SuppressionList list, Clock clock) {
    this.list = list;
    this.clock = clock;
  }

  /**
   * Suppresses {@code address} for {@code account}. An entry that is there already and does not
   * expire is kept as it is: a second click, or a later unsubscribe after a complaint, changes
   * nothing, so the entry keeps the date and reason of the first opt-out.
   */
  public void record(String account, String address, String campaign, Channel channel) {
    SuppressionScope scope = SuppressionScope.account(account);
    Optional<Suppression> existing = list.find(address, List.of(scope));
    if (existing.isPresent() && existing.get().expiresAt() == null) return;
    String detail = campaign == null ? channel.description : channel.description + ", campaign " + campaign;
    list.put(new Suppression(scope, address, SuppressionReason.UNSUBSCRIBE, detail, clock.instant(), null));
    EVENTS.info("{} unsubscribed from account {} by {}", Suppression.normalise(address), account, detail);
  }
}
