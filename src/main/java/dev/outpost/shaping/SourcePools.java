package dev.outpost.shaping;

import java.net.InetAddress;
import java.util.Set;
import java.util.function.Supplier;

import dev.outpost.config.PoolConfig;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every {@code [[pool]]}, and which one a message uses: a route's own pool, else the first pool
 * whose {@code accounts} name the submitting account, else the first whose {@code sender_domains}
 * match the sender's domain. The account comes first because an operator who gives a customer
 * its own addresses means all of that customer's mail, whatever domains it sends from.
 */
public final class SourcePools {
  private final Map<String, SourcePool> byName = new LinkedHashMap<>();
  private final List<PoolConfig> configs;

  /** {@code listed} names the addresses on blocklists now, which pools avoid while they can. */
  public SourcePools(List<PoolConfig> pools, Clock clock, Supplier<Set<InetAddress>> listed) {
    this.configs = List.copyOf(pools);
    for (PoolConfig p : configs) byName.put(p.name(), new SourcePool(p, clock, listed));
  }

  /** Every address of every pool, for the blocklist monitor to watch. */
  public static List<InetAddress> addresses(List<PoolConfig> pools) {
    return pools.stream().flatMap(p -> p.addresses().stream()).map(PoolConfig.Member::address).distinct().toList();
  }

  public boolean isEmpty() {
    return byName.isEmpty();
  }

  /** The pool of this name, or null. */
  public SourcePool named(String name) {
    return name == null ? null : byName.get(name);
  }

  /**
   * The pool for mail that {@code account} (null for none, such as a trusted network) submitted
   * from {@code sender} (an address, possibly empty), or null for no binding.
   */
  public SourcePool forMessage(String account, String sender) {
    if (configs.isEmpty()) return null;
    if (account != null) {
      for (PoolConfig p : configs) {
        if (p.accounts().contains(account)) return byName.get(p.name());
      }
    }
    int at = sender.lastIndexOf('@');
    String domain = at < 0 ? "" : sender.substring(at + 1);
    for (PoolConfig p : configs) {
      if (!p.senderDomains().isEmpty() && p.matchesSender(domain)) return byName.get(p.name());
    }
    return null;
  }
}
