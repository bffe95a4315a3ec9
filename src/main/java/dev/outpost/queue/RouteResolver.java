package dev.outpost.queue;

import dev.outpost.config.RouteConfig;
import java.util.List;

/** Static routing: the first {@code [[route]]} whose domain patterns match wins. */
public final class RouteResolver implements NextHopResolver {
  private final List<RouteConfig> routes;
  private final List<Resolution.Routed> resolutions;

  public RouteResolver(List<RouteConfig> routes) {
    this.routes = List.copyOf(routes);
    // One Destination instance per route, so resolving allocates nothing.
    this.resolutions = this.routes.stream().map(r -> new Resolution.Routed(SmarthostDestination.of(r))).toList();
  }

  @Override
  public Resolution resolve(String domain) {
    Resolution.Routed routed = routeFor(domain);
    if (routed != null) return routed;
    return new Resolution.Unroutable("no route for domain " + (domain.isEmpty() ? "(none)" : domain)
        + ": no [[route]] matches it");
  }

  /** The first matching route's destination, or null when no route matches. */
  Resolution.Routed routeFor(String domain) {
    for (int i = 0; i < routes.size(); i++) {
      if (routes.get(i).matches(domain)) return resolutions.get(i);
    }
    return null;
  }
}
