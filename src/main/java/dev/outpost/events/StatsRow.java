package dev.outpost.events;

import dev.outpost.events.DeliveryEvent.Type;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The event counts of one time bucket and one group, with the rates senders watch. A rate is null
 * when its denominator is zero, since nothing was there to measure.
 *
 * @param bucket the start of the hour or day (UTC)
 * @param group the value of the grouping dimension; null when the query is not grouped, and for
 *     events that lack the dimension (mail from a trusted network has no account, an unshaped
 *     delivery no site)
 * @param counts events by type; types that did not occur are absent
 */
public record StatsRow(Instant bucket, String group, Map<Type, Long> counts) {
  public StatsRow {
    counts = counts.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(counts));
  }

  public long count(Type type) {
    return counts.getOrDefault(type, 0L);
  }

  /** delivered / (delivered + bounced): of the recipients settled, the share that arrived. */
  public Double deliveryRate() {
    return ratio(count(Type.DELIVERED), count(Type.DELIVERED) + count(Type.BOUNCED));
  }

  /** bounced / (delivered + bounced). */
  public Double bounceRate() {
    return ratio(count(Type.BOUNCED), count(Type.DELIVERED) + count(Type.BOUNCED));
  }

  /** deferred / (delivered + deferred + bounced): of all delivery attempts, the share deferred. */
  public Double deferralRate() {
    long attempts = count(Type.DELIVERED) + count(Type.DEFERRED) + count(Type.BOUNCED);
    return ratio(count(Type.DEFERRED), attempts);
  }

  /** complained / delivered: the figure mailbox providers judge senders by. */
  public Double complaintRate() {
    return ratio(count(Type.COMPLAINED), count(Type.DELIVERED));
  }

  private static Double ratio(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }
}
