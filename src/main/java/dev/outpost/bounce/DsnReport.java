package dev.outpost.bounce;

import dev.outpost.spool.Envelope;
import java.time.Instant;
import java.util.List;

/**
 * Everything a DSN says: about which message, which of its recipients, and what happened to them.
 *
 * @param original the envelope of the message reported on; its sender receives the DSN
 * @param willRetryUntil for {@link DsnAction#DELAYED}: when Outpost gives up; null otherwise
 */
public record DsnReport(DsnAction action, Envelope original, List<DsnRecipient> recipients, Instant willRetryUntil) {

  public DsnReport {
    recipients = List.copyOf(recipients);
    if (recipients.isEmpty()) throw new IllegalArgumentException("a DSN reports at least one recipient");
    if (original.hasNullSender()) {
      throw new IllegalArgumentException(original.queueId() + " has the null sender; a DSN about it would go nowhere");
    }
    if ((action == DsnAction.DELAYED) != (willRetryUntil != null)) {
      throw new IllegalArgumentException("willRetryUntil is given for delay DSNs and only for them");
    }
  }
}
