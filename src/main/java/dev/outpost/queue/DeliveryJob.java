package dev.outpost.queue;

import dev.outpost.delivery.OutboundMessage;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import dev.outpost.spool.Spool;
import java.util.ArrayList;
import java.util.List;

/**
 * One message's recipients for one destination in one attempt: what sits in a ready queue.
 *
 * @param envelope the envelope as of this attempt; it does not change until every job of the
 *     attempt is done
 * @param indexes positions in {@code envelope.recipients()} this job delivers
 */
record DeliveryJob(QueuedMessage message, Envelope envelope, Destination destination, int[] indexes) {

  OutboundMessage toOutbound(Spool spool) {
    List<Recipient> recipients = new ArrayList<>(indexes.length);
    for (int i : indexes) recipients.add(envelope.recipients().get(i));
    String id = envelope.queueId();
    return new OutboundMessage(envelope, recipients, () -> spool.openBody(id));
  }
}
