package dev.outpost.suppression;

import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.EventSink;
import dev.outpost.store.StoreException;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mailbox that receives complaint feedback loops ({@code [suppression] complaints_address}):
 * each report suppresses the complaining recipient on the global list, since the report does not
 * say which account sent the message, and is logged and recorded as a
 * {@link DeliveryEvent.Type#COMPLAINED} event (which the event log files under the newest delivery
 * to the recipient).
 */
public final class ComplaintIntake {
  private static final Logger EVENTS = LoggerFactory.getLogger("outpost.suppression");

  private final String address;
  private final SuppressionList list;
  private final Clock clock;
  private final EventSink events;

  public ComplaintIntake(String address, SuppressionList list, Clock clock, EventSink events) {
    this.address = address;
    this.list = list;
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
    String detail = report.feedbackType() + " report from " + report.reporter();
    events.record(DeliveryEvent.of(DeliveryEvent.Type.COMPLAINED, clock.instant()).recipient(report.complainant())
        .reply(detail, null).build());
    try {
      list.put(new Suppression(SuppressionScope.GLOBAL, report.complainant(), SuppressionReason.COMPLAINT,
          detail, clock.instant(), null));
      EVENTS.warn("{}: complaint ({}) from {} about mail to {}: suppressed globally", queueId,
          report.feedbackType(), report.reporter(), report.complainant());
    } catch (StoreException e) {
      EVENTS.error("{}: cannot suppress {} after a complaint: {}", queueId, report.complainant(), e.getMessage());
    }
  }
}
