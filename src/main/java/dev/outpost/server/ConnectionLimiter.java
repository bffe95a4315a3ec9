package dev.outpost.server;

import dev.outpost.smtp.Replies;
import dev.outpost.smtp.Reply;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts connections, shared by every listener: open ones in all and per client address, and new
 * ones per address per minute. A connection over a limit is refused with 421 4.7.0 before any
 * session starts. Trusted clients count towards the total only: they are the operator's own
 * applications, which open many connections on purpose.
 */
final class ConnectionLimiter {
  private static final Duration RATE_WINDOW = Duration.ofMinutes(1);

  private final int maxTotal;
  private final int maxPerAddress;
  private final int maxPerMinute;
  private final Clock clock;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<InetAddress, Deque<Instant>> recent = new ConcurrentHashMap<>();

  ConnectionLimiter(int maxTotal, int maxPerAddress, int maxPerMinute, Clock clock) {
    this.maxTotal = maxTotal;
    this.maxPerAddress = maxPerAddress;
    this.maxPerMinute = maxPerMinute;
    this.clock = clock;
  }

  /** Takes a slot for {@code client}; returns null on success or the refusal to send. */
  Reply acquire(InetAddress client, boolean trusted) {
    if (!trusted && maxPerMinute > 0 && !withinRate(client)) return Replies.CONNECTION_RATE_EXCEEDED;
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
      return Replies.TOO_MANY_CONNECTIONS;
    }
    AtomicInteger count = perAddress.computeIfAbsent(client, a -> new AtomicInteger());
    if (count.incrementAndGet() > maxPerAddress && !trusted) {
      release(client);
      return Replies.TOO_MANY_CONNECTIONS_FROM_IP;
    }
    return null;
  }

  /** Gives back a slot taken by a successful {@link #acquire}; must be called exactly once. */
  void release(InetAddress client) {
    total.decrementAndGet();
    perAddress.computeIfPresent(client, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
  }

  int open() {
    return total.get();
  }

  /** A moment's view of the counts; an address's count may move while it is taken. */
  ConnectionCounts counts() {
    Map<String, Integer> byAddress = new HashMap<>();
    perAddress.forEach((address, count) -> {
      int n = count.get();
      if (n > 0) byAddress.put(address.getHostAddress(), n);
    });
    return new ConnectionCounts(total.get(), maxTotal, byAddress, maxPerAddress, maxPerMinute);
  }

  /** Sliding window: the connection counts even when refused, so hammering does not help. */
  private boolean withinRate(InetAddress client) {
    Instant now = clock.instant();
    Instant horizon = now.minus(RATE_WINDOW);
    Deque<Instant> times = recent.computeIfAbsent(client, a -> new ArrayDeque<>());
    synchronized (times) {
      while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) times.removeFirst();
      if (times.size() < maxPerMinute * 2) times.addLast(now);
      if (recent.size() > 10_000) recent.entrySet().removeIf(e -> e.getValue().isEmpty());
      return times.size() <= maxPerMinute;
    }
  }
}
