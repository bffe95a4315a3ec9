package dev.outpost.suppression;

import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.EventSink;
import dev.outpost.store.StoreException;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mailbox that receives complaint feedback loops ({@code [suppression] complaints_address}):
 * each report suppresses the complaining recipient, is logged, and is recorded as a
 * {@link DeliveryEvent.Type#COMPLAINED} event.
 *
 * <p>Which list: when the reported message carries a List-Unsubscribe field that Outpost wrote,
 * its signed token names the sending account, the recipient and the campaign, and the complaint
 * goes on that account's list and is filed under it, even when the report redacts the recipient's
 * address as many providers do. Otherwise the report cannot say which account sent the message:
 * the recipient it names goes on the global list, and the event log files the event under the
 * newest delivery to the recipient.
 */
public final class ComplaintIntake {
  private static final Logger EVENTS = LoggerFactory.getLogger("outpost.suppression");

  private final String address;
  private final SuppressionList list;
  private final Function<String, Optional<Complainant>> sentBy;
  private final Clock clock;
  private final EventSink events;

  /**
   * @param sentBy reads a List-Unsubscribe field value; present when Outpost wrote it
   */
  public ComplaintIntake(String address, SuppressionList list, Function<String, Optional<Complainant>> sentBy,
      Clock clock, EventSink events) {
    this.address = address;
    this.list = list;
    this.sentBy = sentBy;
    this.clock = clock;
    this.events = events;
  }

  /** Whether {@code recipient} is the complaints mailbox. */
  public boolean isComplaintsAddress(String recipient) {
    return recipient.equalsIgnoreCase(address);
  }

  /** Takes in one report; a message that is not a valid report is logged and dropped. */
  public void receive(byte[] message, String queueId) {
    FeedbackReport report;
    try {
      report = FeedbackReport.parse(message);
    } catch (IOException e) {
      EVENTS.warn("{}: mail to the complaints address {} is not a feedback report: {}", queueId, address,
          e.getMessage());
      return;
    }
    Optional<Complainant> known = report.listUnsubscribe() == null ? Optional.empty()
        : sentBy.apply(report.listUnsubscribe());
    SuppressionScope scope = known.map(k -> SuppressionScope.account(k.account())).orElse(SuppressionScope.GLOBAL);
    String complainant = known.map(Complainant::address).orElse(report.complainant());
    if (complainant == null) {
      EVENTS.warn("{}: {} report from {} names no recipient; nothing suppressed", queueId, report.feedbackType(),
          report.reporter());
      return;
    }
    String detail = report.feedbackType() + " report from " + report.reporter();
    var event = DeliveryEvent.of(DeliveryEvent.Type.COMPLAINED, clock.instant()).recipient(complainant)
        .reply(detail, null);
    known.ifPresent(k -> event.account(k.account()).campaign(k.campaign()));
    events.record(event.build());
    try {
      list.put(new Suppression(scope, complainant, SuppressionReason.COMPLAINT, detail, clock.instant(), null));
      EVENTS.warn("{}: complaint ({}) from {} about mail to {}: suppressed on the list of {}", queueId,
          report.feedbackType(), report.reporter(), complainant, scope.display());
    } catch (StoreException e) {
      EVENTS.error("{}: cannot suppress {} after a complaint: {}", queueId, complainant, e.getMessage());
    }
  }
}
