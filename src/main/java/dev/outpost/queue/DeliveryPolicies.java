package dev.outpost.queue;

import dev.outpost.config.RouteConfig;
import dev.outpost.config.TlsPolicyConfig;
import dev.outpost.delivery.TlsPolicy;
import dev.outpost.shaping.SourcePool;
import dev.outpost.shaping.SourcePools;
import dev.outpost.shaping.TrafficShaper;
import java.util.List;

/**
 * Picks the {@link DeliveryPolicy} of a recipient: the pool (the route's own, else the sender
 * domain's, else none), the TLS policy (the route's {@code tls}, else the first
 * {@code [[tls_policy]]} matching the recipient domain for MX delivery, else opportunistic) and
 * whether shaping applies (MX delivery only, unless shaping is off).
 *
 * <p>On the enqueue path: with no pools and no TLS policies configured it returns one shared
 * policy and does no work; otherwise a few pattern matches and one small record.
 */
final class DeliveryPolicies {
  private final SourcePools pools;
  private final TrafficShaper shaper;
  private final List<TlsPolicyConfig> tlsConfigs;
  private final List<TlsPolicy> tlsPolicies;
  private final DeliveryPolicy mxDefault;

  /** @param shaper null when shaping is off */
  DeliveryPolicies(SourcePools pools, List<TlsPolicyConfig> tlsConfigs, TrafficShaper shaper) {
    this.pools = pools;
    this.shaper = shaper;
    this.tlsConfigs = List.copyOf(tlsConfigs);
    this.tlsPolicies = this.tlsConfigs.stream().map(TlsPolicy::of).toList();
    this.mxDefault = new DeliveryPolicy(null, TlsPolicy.OPPORTUNISTIC, shaper);
  }

  TrafficShaper shaper() {
    return shaper;
  }

  /** Whether {@link #forRoute} can depend on the account or sender: only when pools exist. */
  boolean senderMatters() {
    return !pools.isEmpty();
  }

  DeliveryPolicy forMx(String account, String sender, String domain) {
    if (pools.isEmpty() && tlsPolicies.isEmpty()) return mxDefault;
    return new DeliveryPolicy(pools.forMessage(account, sender), tlsFor(domain), shaper);
  }

  /**
   * The policy of a route for mail that {@code account} submitted from {@code sender}; a null
   * sender means "ignore the account's and the sender's pool".
   */
  DeliveryPolicy forRoute(RouteConfig route, String account, String sender) {
    SourcePool pool = pools.named(route.pool());
    if (pool == null && sender != null) pool = pools.forMessage(account, sender);
    TlsPolicy tls = route.tls() == null ? TlsPolicy.OPPORTUNISTIC : TlsPolicy.of(route.tls(), null);
    if (pool == null && tls == TlsPolicy.OPPORTUNISTIC) return DeliveryPolicy.DIRECT;
    return new DeliveryPolicy(pool, tls, null);
  }

  private TlsPolicy tlsFor(String domain) {
    for (int i = 0; i < tlsConfigs.size(); i++) {
      if (tlsConfigs.get(i).matches(domain)) return tlsPolicies.get(i);
    }
    return TlsPolicy.OPPORTUNISTIC;
  }
}
