package dev.outpost.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * {@code [[pool]]}: a named set of local addresses to send from, each with the name it says in
 * EHLO (which should match its PTR record) and a weight for the share of connections it gets.
 *
 * @param senderDomains mail from these sender domains uses this pool (patterns as in
 *     {@code [[route]] domains}; {@code "*"} makes it the default pool); a route's own
 *     {@code pool} and a pool naming the sending account take precedence
 * @param accounts mail that these accounts submit uses this pool, whatever its sender domain
 */
public record PoolConfig(String name, List<Member> addresses, List<String> senderDomains, List<String> accounts) {

  public PoolConfig {
    addresses = List.copyOf(addresses);
    senderDomains = senderDomains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
    accounts = List.copyOf(accounts);
  }

  public PoolConfig(String name, List<Member> addresses, List<String> senderDomains) {
    this(name, addresses, senderDomains, List.of());
  }

  /** One local address of a pool. */
  public record Member(InetAddress address, String ehlo, int weight) {}

  public boolean matchesSender(String domain) {
    return RouteConfig.matchesAny(senderDomains, domain);
  }
}
