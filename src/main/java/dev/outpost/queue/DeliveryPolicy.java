package dev.outpost.queue;

import dev.outpost.delivery.TlsPolicy;
import dev.outpost.shaping.SourceAddress;
import dev.outpost.shaping.SourcePool;
import dev.outpost.shaping.TrafficShaper;
import java.util.List;

/**
 * How a destination's connections are made: from which source addresses, with which TLS
 * policy, and whether traffic shaping applies.
 *
 * @param pool the source addresses to bind, or null for the system's choice
 * @param shaper the shaper whose site buckets limit this destination, or null for no limits
 *     (static routes, or shaping turned off): then no bucket is consulted at all
 */
public record DeliveryPolicy(SourcePool pool, TlsPolicy tls, TrafficShaper shaper) {
  /** No binding, opportunistic TLS, no shaping: what a destination had before pools and sites. */
  public static final DeliveryPolicy DIRECT = new DeliveryPolicy(null, TlsPolicy.OPPORTUNISTIC, null);

  private static final List<SourceAddress> ANY = List.of(SourceAddress.ANY);

  /** The addresses to try for one connection, best first; empty when every one is paused. */
  List<SourceAddress> sources() {
    return pool == null ? ANY : pool.candidates();
  }

  /** What the policy adds to a destination's name, so destinations that differ in it never share a queue. */
  String nameSuffix() {
    String s = pool == null ? "" : " via " + pool.name();
    return tls.required() ? s + " tls=" + tls.level().name().toLowerCase(java.util.Locale.ROOT) : s;
  }
}
