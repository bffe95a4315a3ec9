package dev.outpost.queue;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last deferral of each destination, for the queue summary: why a destination is slow or
 * waiting. One entry per destination with a deferral not yet followed by a delivery, so it is
 * bounded by the number of destinations, never by the number of messages.
 */
final class DestinationDeferrals {
  private final ConcurrentHashMap<String, Deferral> last = new ConcurrentHashMap<>();

  void deferred(String destination, String reason, Instant at) {
    last.put(destination, new Deferral(reason, at));
  }

  void delivered(String destination) {
    last.remove(destination);
  }

  /** The destination's last deferral since its last delivery, or null. */
  Deferral of(String destination) {
    return last.get(destination);
  }
}
