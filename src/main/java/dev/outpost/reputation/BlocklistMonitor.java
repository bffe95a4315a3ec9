package dev.outpost.reputation;

import dev.outpost.accounts.Account;
import dev.outpost.accounts.SendingDomain;
import dev.outpost.config.ReputationConfig;
import dev.outpost.store.StateStore;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches Outpost's own sending addresses on the DNS blocklists of {@code [reputation]
 * dnsbl_zones}, and its sending domains on {@code domain_zones}, every {@code check_interval}.
 *
 * <p>In: the addresses and domains to watch. Out: a listing or delisting event in the state
 * store and on the {@code outpost.reputation} logger whenever a subject's state on a list
 * changes, and the set of listed addresses for the pool code ({@link ListedAddresses}). A check
 * that fails, or that the list refuses, changes nothing: a flaky list never takes an address
 * out of service, nor puts a listed one back.
 *
 * <p>The state lives in the store, not here, so a restart keeps a listed address out of use and
 * the CLI's {@code check blocklists} and the server see the same history.
 */
public final class BlocklistMonitor implements ListedAddresses, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("outpost.reputation");

  private final ReputationConfig config;
  private final List<InetAddress> addresses;
  private final Supplier<List<String>> domains;
  private final BlocklistLookup lookup;
  private final StateStore store;
  private final Clock clock;
  private volatile Set<InetAddress> listed;
  private volatile List<BlocklistEvent> listings;
  private volatile Thread loop;

  /**
   * @param addresses the sending addresses: {@code sending_ips}, and the pools' addresses
   * @param domains the sending domains, asked again at every check so new ones are watched
   */
  public BlocklistMonitor(ReputationConfig config, List<InetAddress> addresses, Supplier<List<String>> domains,
      BlocklistLookup lookup, StateStore store, Clock clock) {
    this.config = config;
    this.addresses = List.copyOf(addresses);
    this.domains = domains;
    this.lookup = lookup;
    this.store = store;
    this.clock = clock;
    this.listings = List.copyOf(store.listCurrentBlocklistings());
    this.listed = listedAmong(listings);
  }

  /** Every domain of every account in {@code store}: the sending domains to watch. */
  public static Supplier<List<String>> sendingDomains(StateStore store) {
    return () -> {
      List<String> out = new ArrayList<>();
      for (Account a : store.listAccounts()) {
        for (SendingDomain d : store.listDomains(a.name())) out.add(d.domain());
      }
      return out;
    };
  }

  /**
   * Queries every list for every subject now, records what changed, and returns what each list
   * said. A check interrupted by {@link #close()} ends early with what it has.
   */
  public synchronized List<BlocklistStatus> checkNow() {
    Map<String, BlocklistEvent> current = new HashMap<>();
    for (BlocklistEvent e : store.listCurrentBlocklistings()) current.put(key(e.subject(), e.zone()), e);
    List<BlocklistStatus> statuses = new ArrayList<>();
    for (InetAddress ip : addresses) {
      for (String zone : config.dnsblZones()) {
        if (stopping()) return statuses;
        statuses.add(apply(ip.getHostAddress(), zone, lookup.address(ip, zone), current));
      }
    }
    for (String domain : domains.get()) {
      for (String zone : config.domainZones()) {
        if (stopping()) return statuses;
        statuses.add(apply(domain, zone, lookup.domain(domain, zone), current));
      }
    }
    listings = List.copyOf(current.values());
    listed = listedAmong(listings);
    return statuses;
  }

  private BlocklistStatus apply(String subject, String zone, BlocklistAnswer answer,
      Map<String, BlocklistEvent> current) {
    String key = key(subject, zone);
    switch (answer) {
      case BlocklistAnswer.Listed l -> {
        if (!current.containsKey(key)) {
          BlocklistEvent event = new BlocklistEvent(subject, zone, true, l.describe(), clock.instant());
          store.insertBlocklistEvent(event);
          current.put(key, event);
          LOG.warn("blocklist: {} is now listed on {} ({}){}", subject, zone, l.describe(),
              config.takeListedIpsOutOfPool() && isAddress(subject) ? "; taken out of its pool until delisted" : "");
        }
      }
      case BlocklistAnswer.NotListed n -> {
        if (current.remove(key) != null) {
          store.insertBlocklistEvent(new BlocklistEvent(subject, zone, false, "", clock.instant()));
          LOG.info("blocklist: {} is no longer listed on {}", subject, zone);
        }
      }
      case BlocklistAnswer.Error e -> LOG.warn("blocklist: could not check {} on {}: {}", subject, zone, e.reason());
    }
    return new BlocklistStatus(subject, zone, answer);
  }

  @Override
  public Set<InetAddress> listed() {
    return config.takeListedIpsOutOfPool() ? listed : Set.of();
  }

  /** Our own addresses listed on at least one list, whether or not that takes them out of their pool. */
  public Set<InetAddress> listedAddresses() {
    return listed;
  }

  /** Every listing in force as of the last check: the subject, the list and since when. */
  public List<BlocklistEvent> listings() {
    return listings;
  }

  /** Checks now and then every {@code check_interval}, on a virtual thread, until {@link #close()}. */
  public synchronized void start() {
    if (loop != null) return;
    loop = Thread.ofVirtual().name("blocklist-monitor").start(this::run);
  }

  private void run() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        checkNow();
      } catch (RuntimeException e) {
        LOG.error("blocklist check failed; trying again in {}", config.checkInterval(), e);
      }
      try {
        Thread.sleep(config.checkInterval());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops the periodic checks and waits for one in progress; the recorded state stays in the store. */
  @Override
  public void close() {
    Thread t = loop;
    if (t == null) return;
    t.interrupt();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Whether {@link #close()} interrupted this check. Every query after an interrupt fails at
   * once, and reporting each as a list that could not be checked would only fill the log.
   */
  private static boolean stopping() {
    return Thread.currentThread().isInterrupted();
  }

  private Set<InetAddress> listedAmong(Iterable<BlocklistEvent> listings) {
    Set<InetAddress> out = new HashSet<>();
    for (BlocklistEvent e : listings) {
      for (InetAddress ip : addresses) {
        if (ip.getHostAddress().equals(e.subject())) out.add(ip);
      }
    }
    return Set.copyOf(out);
  }

  private boolean isAddress(String subject) {
    return addresses.stream().anyMatch(ip -> ip.getHostAddress().equals(subject));
  }

  private static String key(String subject, String zone) {
    return subject + " " + zone;
  }
}
