package dev.outpost.queue;

import dev.outpost.dns.MxHost;
import dev.outpost.dns.MxResolver;
import dev.outpost.dns.MxResult;
import java.util.List;

/**
 * A recipient domain delivered to its own mail servers: the MX hosts {@link MxResolver} finds,
 * each on {@code [delivery] port}. Named after the domain (lower case).
 */
public record MxDestination(String domain, MxResolver resolver, int port) implements Destination {

  @Override
  public String name() {
    return domain;
  }

  @Override
  public List<DeliveryTarget> hosts() throws DestinationException {
    return switch (resolver.resolve(domain)) {
      case MxResult.Hosts found -> found.hosts().stream()
          .map((MxHost h) -> new DeliveryTarget(h.name(), h.addresses(), port))
          .toList();
      case MxResult.PermanentFailure f -> throw DestinationException.permanent(f.dsn(), f.reason());
      case MxResult.TemporaryFailure f -> throw DestinationException.temporary(f.dsn(), f.reason());
    };
  }
}
