package dev.outpost.queue;

import dev.outpost.config.OutpostConfig;
import dev.outpost.dns.MxResolver;
import java.time.Clock;
import java.util.Locale;

/**
 * The routing Outpost runs with: a domain a {@code [[route]]} matches goes to that smarthost,
 * every other domain to its MX hosts. Cheap on the enqueue path: no DNS here, only a small
 * record per call; the lookup happens when a worker asks the {@link MxDestination} for hosts.
 */
public final class RoutesThenMx implements NextHopResolver {
  private final RouteResolver routes;
  private final MxResolver mx;
  private final int port;

  public RoutesThenMx(RouteResolver routes, MxResolver mx, int port) {
    this.routes = routes;
    this.mx = mx;
    this.port = port;
  }

  /** Routes from {@code [[route]]}, MX lookups through {@code [dns]}, MX hosts on {@code [delivery] port}. */
  public static RoutesThenMx of(OutpostConfig config, Clock clock) {
    return new RoutesThenMx(new RouteResolver(config.routes()), new MxResolver(config.dns(), clock),
        config.delivery().port());
  }

  @Override
  public Resolution resolve(String domain) {
    Resolution.Routed routed = routes.routeFor(domain);
    if (routed != null) return routed;
    return new Resolution.Routed(new MxDestination(domain.toLowerCase(Locale.ROOT), mx, port));
  }
}
