package dev.outpost.queue;

import java.util.List;

/**
 * Where a group of recipients is delivered: one ready queue and one set of connections per
 * destination. Two destinations with the same {@link #name} are the same destination.
 *
 * <p>Resolving a destination to hosts may block (an MX lookup does), so it happens in
 * {@link #hosts}, called by a delivery worker just before it connects, never on the enqueue path.
 * Every job of one destination gets the same answer from it, so a worker may apply one failure
 * to all of the destination's ready jobs.
 */
public interface Destination {

  /** Stable key and the name shown in logs and queue views, e.g. {@code 127.0.0.1:2526}. */
  String name();

  /** The hosts to try, best first; never empty. */
  List<DeliveryTarget> hosts() throws DestinationException;

  /** Source addresses, TLS policy and shaping for this destination's connections. */
  default DeliveryPolicy policy() {
    return DeliveryPolicy.DIRECT;
  }
}
