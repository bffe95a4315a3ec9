package dev.outpost.queue;

import dev.outpost.config.HostPort;
import dev.outpost.config.RouteConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A {@code [[route]]} smarthost: every recipient it matches goes to one host and port. Its name
 * is resolved by the system (hosts file, then DNS), as an operator who wrote it would expect.
 * Traffic shaping does not apply to it; its policy may bind a pool and require TLS.
 */
public record SmarthostDestination(HostPort host, DeliveryPolicy policy) implements Destination {

  public static SmarthostDestination of(RouteConfig route) {
    return new SmarthostDestination(new HostPort(route.host(), route.port()), DeliveryPolicy.DIRECT);
  }

  @Override
  public String name() {
    return host.toString() + policy.nameSuffix();
  }

  @Override
  public List<DeliveryTarget> hosts() throws DestinationException {
    try {
      return List.of(new DeliveryTarget(host.host(), List.of(InetAddress.getAllByName(host.host())), host.port()));
    } catch (UnknownHostException e) {
      throw DestinationException.temporary("4.4.4", "host " + host.host() + " not found");
    }
  }
}
