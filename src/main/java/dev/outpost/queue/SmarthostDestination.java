package dev.outpost.queue;

import dev.outpost.config.HostPort;
import dev.outpost.config.RouteConfig;
import java.util.List;

/** A {@code [[route]]} smarthost: every recipient it matches goes to one host and port. */
public record SmarthostDestination(HostPort host) implements Destination {

  public static SmarthostDestination of(RouteConfig route) {
    return new SmarthostDestination(new HostPort(route.host(), route.port()));
  }

  @Override
  public String name() {
    return host.toString();
  }

  @Override
  public List<HostPort> hosts() {
    return List.of(host);
  }
}
