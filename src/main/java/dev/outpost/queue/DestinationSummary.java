package dev.outpost.queue;

import java.time.Instant;

/**
 * One destination in the queue summary ({@code outpost queue}). A message with recipients at
 * several destinations counts at each. Traffic shaping's status of the destination's site, when
 * it exists, belongs here as one more component beside {@link #lastDeferral}.
 *
 * @param destination the destination's name: a recipient domain, a smarthost {@code host:port},
 *     or {@link #NO_ROUTE}
 * @param messages queued messages with pending recipients here
 * @param oldest when the oldest of them arrived
 * @param ready jobs on the ready queue, waiting for a connection
 * @param deferred messages waiting for their next attempt
 * @param held messages on hold
 * @param active messages in an attempt now (on the ready queue or on a connection)
 * @param connections open SMTP connections, busy or idle
 * @param lastDeferral the last deferral since the destination's last delivery, or null
 */
public record DestinationSummary(
    String destination, int messages, Instant oldest, int ready, int deferred, int held, int active,
    int connections, Deferral lastDeferral) {

  /** The destination of recipients no route leads to. */
  public static final String NO_ROUTE = "(no route)";

  /** One word for the summary: what most needs the operator's eye first. */
  public String state() {
    if (ready > 0 || active > 0) return connections > 0 ? "delivering" : "ready";
    if (deferred > 0) return "deferred";
    if (held > 0) return "held";
    return "idle";
  }
}
