package dev.outpost.queue;

import java.net.InetAddress;
import java.util.Set;
import java.util.function.Supplier;

import dev.outpost.bounce.BounceClassifier;
import dev.outpost.config.HostPort;
import dev.outpost.config.OutpostConfig;
import dev.outpost.config.RouteConfig;
import dev.outpost.dns.MxResolver;
import dev.outpost.shaping.SourcePools;
import dev.outpost.shaping.TrafficShaper;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * The routing Outpost runs with: a domain a {@code [[route]]} matches goes to that smarthost,
 * every other domain to its MX hosts, each with its {@link DeliveryPolicy} (pool, TLS, shaping).
 * Cheap on the enqueue path: no DNS here, only a small record per call; the lookup happens when
 * a worker asks the {@link MxDestination} for hosts. A route's destination is built once unless
 * pools make it depend on the sender.
 */
public final class RoutesThenMx implements NextHopResolver {
  private final List<RouteConfig> routes;
  private final List<Resolution.Routed> routed;
  private final MxResolver mx;
  private final int port;
  private final DeliveryPolicies policies;

  RoutesThenMx(List<RouteConfig> routes, MxResolver mx, int port, DeliveryPolicies policies) {
    this.routes = List.copyOf(routes);
    this.policies = policies;
    this.routed = this.routes.stream().map(r -> new Resolution.Routed(smarthost(r, null, null))).toList();
    this.mx = mx;
    this.port = port;
  }

  /**
   * Routes from {@code [[route]]}, MX lookups through {@code [dns]}, MX hosts on {@code [delivery] port},
   * pools from {@code [[pool]]}, TLS from {@code [[tls_policy]]}, sites from {@code [shaping]}.
   */
  public static RoutesThenMx of(OutpostConfig config, Clock clock) {
    return of(config, clock, Set::of);
  }

  /** As {@link #of(OutpostConfig, Clock)}, with pools avoiding the addresses {@code listed} names. */
  public static RoutesThenMx of(OutpostConfig config, Clock clock, Supplier<Set<InetAddress>> listed) {
    TrafficShaper shaper = config.shaping().enabled()
        ? new TrafficShaper(config.shaping(), new BounceClassifier(config.bounce().extraRules()), clock)
        : null;
    DeliveryPolicies policies = new DeliveryPolicies(new SourcePools(config.pools(), clock, listed), config.tlsPolicies(),
        shaper);
    return new RoutesThenMx(config.routes(), new MxResolver(config.dns(), clock), config.delivery().port(), policies);
  }

  /** The live shaping state ({@link TrafficShaper#sites()}), or null when shaping is off. */
  public TrafficShaper shaper() {
    return policies.shaper();
  }

  @Override
  public Resolution resolve(String domain) {
    return resolve(null, "", domain);
  }

  @Override
  public Resolution resolve(String account, String sender, String domain) {
    for (int i = 0; i < routes.size(); i++) {
      RouteConfig route = routes.get(i);
      if (route.matches(domain)) {
        return route.pool() == null && policies.senderMatters()
            ? new Resolution.Routed(smarthost(route, account, sender))
            : routed.get(i);
      }
    }
    String lower = domain.toLowerCase(Locale.ROOT);
    return new Resolution.Routed(new MxDestination(lower, mx, port, policies.forMx(account, sender, lower)));
  }

  private SmarthostDestination smarthost(RouteConfig route, String account, String sender) {
    return new SmarthostDestination(new HostPort(route.host(), route.port()),
        policies.forRoute(route, account, sender));
  }
}
