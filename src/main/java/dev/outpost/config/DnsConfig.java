package dev.outpost.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code [dns]}: how MX lookups are made.
 *
 * @param resolvers recursive resolvers, tried in order; empty means the system's resolvers
 * @param timeout how long to wait for one resolver's answer to one query
 * @param attempts rounds over all resolvers before a query counts as failed; so one query takes
 *     at most {@code timeout × attempts × resolvers}
 */
public record DnsConfig(List<HostPort> resolvers, Duration timeout, int attempts) {

  public DnsConfig {
    resolvers = List.copyOf(resolvers);
    if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1");
  }

  public static DnsConfig system() {
    return new DnsConfig(List.of(), Duration.ofSeconds(5), 2);
  }

  public DnsConfig withResolvers(List<HostPort> r) {
    return new DnsConfig(r, timeout, attempts);
  }

  public DnsConfig withTimeout(Duration t, int tries) {
    return new DnsConfig(resolvers, t, tries);
  }
}
