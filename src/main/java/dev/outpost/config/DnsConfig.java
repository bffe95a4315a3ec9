package dev.outpost.config;

import java.util.List;

/** {@code [dns]}: the resolvers used for MX lookups; empty means the system's resolvers. */
public record DnsConfig(List<HostPort> resolvers) {

  public DnsConfig {
    resolvers = List.copyOf(resolvers);
  }

  public static DnsConfig system() {
    return new DnsConfig(List.of());
  }
}
