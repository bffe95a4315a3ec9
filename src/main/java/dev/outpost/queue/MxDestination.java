package dev.outpost.queue;

import dev.outpost.dns.MxHost;
import dev.outpost.dns.MxResolver;
import dev.outpost.dns.MxResult;
import java.util.List;

/**
 * A recipient domain delivered to its own mail servers: the MX hosts {@link MxResolver} finds,
 * each on {@code [delivery] port}. Named after the domain (lower case), plus the pool and a
 * required TLS level when the policy has them. Its site, which groups it with the other domains
 * of the same provider for traffic shaping, is found from the MX hosts when a worker connects.
 */
public record MxDestination(String domain, MxResolver resolver, int port, DeliveryPolicy policy)
    implements Destination {

  public MxDestination(String domain, MxResolver resolver, int port) {
    this(domain, resolver, port, DeliveryPolicy.DIRECT);
  }

  @Override
  public String name() {
    return domain + policy.nameSuffix();
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
