package dev.outpost.dns;

import java.util.List;

/** What an MX lookup found for a domain: where to deliver, or why not. */
public sealed interface MxResult {

  /** The hosts to try, best first: by MX preference, hosts of equal preference shuffled. */
  record Hosts(List<MxHost> hosts) implements MxResult {
    public Hosts {
      hosts = List.copyOf(hosts);
      if (hosts.isEmpty()) throw new IllegalArgumentException("no hosts");
    }
  }

  /**
   * The domain cannot receive mail and retrying will not change that: it does not exist
   * (5.1.2), publishes a null MX (5.1.10), or no mail host of it has an address (5.4.4).
   */
  record PermanentFailure(String dsn, String reason) implements MxResult {}

  /** DNS did not answer usefully (SERVFAIL, REFUSED, timeout): try again later (4.4.3). */
  record TemporaryFailure(String dsn, String reason) implements MxResult {}
}
