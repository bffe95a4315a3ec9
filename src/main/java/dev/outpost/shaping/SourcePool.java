package dev.outpost.shaping;

import java.net.InetAddress;
import java.util.Set;
import java.util.function.Supplier;

import dev.outpost.config.PoolConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@code [[pool]]} of source addresses. {@link #candidates()} orders the usable addresses for
 * one connection by weighted random choice, so each address gets its weight's share of
 * connections, and a caller that cannot use the first (its bind fails, its site bucket is full
 * or suspended) moves on to the next: the others take over.
 *
 * <p>An address is paused by the operator ({@link #pause}) or for {@link #BIND_FAILURE_PAUSE}
 * after its bind failed ({@link #bindFailed}). Thread-safe.
 */
public final class SourcePool {
  static final Duration BIND_FAILURE_PAUSE = Duration.ofMinutes(1);

  private final String name;
  private final List<SourceAddress> addresses;
  private final Clock clock;
  private final Supplier<Set<InetAddress>> listed;
  private final ConcurrentHashMap<String, Pause> paused = new ConcurrentHashMap<>();

  private record Pause(Instant until, String reason) {}

  SourcePool(PoolConfig config, Clock clock, Supplier<Set<InetAddress>> listed) {
    this.name = config.name();
    this.addresses = config.addresses().stream()
        .map(m -> new SourceAddress(m.address(), m.ehlo(), m.weight())).toList();
    this.clock = clock;
    this.listed = listed;
  }

  public String name() {
    return name;
  }

  public List<SourceAddress> addresses() {
    return addresses;
  }

  /**
   * The addresses not paused, in weighted random order; empty when all are paused. Addresses on a
   * blocklist are left out while others remain, so their traffic moves to the rest of the pool.
   */
  public List<SourceAddress> candidates() {
    Instant now = clock.instant();
    List<SourceAddress> left = new ArrayList<>(addresses.size());
    for (SourceAddress a : addresses) {
      if (!isPaused(a, now)) left.add(a);
    }
    Set<InetAddress> onBlocklists = listed.get();
    if (!onBlocklists.isEmpty() && left.stream().anyMatch(a -> !onBlocklists.contains(a.address()))) {
      left.removeIf(a -> onBlocklists.contains(a.address()));
    }
    List<SourceAddress> ordered = new ArrayList<>(left.size());
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (!left.isEmpty()) {
      int total = 0;
      for (SourceAddress a : left) total += a.weight();
      int pick = random.nextInt(total);
      for (int i = 0; i < left.size(); i++) {
        pick -= left.get(i).weight();
        if (pick < 0) {
          ordered.add(left.remove(i));
          break;
        }
      }
    }
    return ordered;
  }

  /** Takes an address out of use until {@link #resume} (a blocklisted IP, maintenance). */
  public void pause(SourceAddress address, String reason) {
    paused.put(address.key(), new Pause(Instant.MAX, reason));
  }

  public void resume(SourceAddress address) {
    paused.remove(address.key());
  }

  /** The address could not be bound: skip it for a while rather than fail each connection on it. */
  public void bindFailed(SourceAddress address, String reason) {
    paused.put(address.key(), new Pause(clock.instant().plus(BIND_FAILURE_PAUSE), reason));
  }

  /** Why the address is out of use, or null when it is usable. */
  public String pauseReason(SourceAddress address) {
    Pause p = paused.get(address.key());
    return p != null && clock.instant().isBefore(p.until()) ? p.reason() : null;
  }

  private boolean isPaused(SourceAddress a, Instant now) {
    Pause p = paused.get(a.key());
    return p != null && now.isBefore(p.until());
  }
}
