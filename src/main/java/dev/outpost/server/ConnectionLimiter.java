package dev.outpost.server;

import dev.outpost.smtp.Replies;
import dev.outpost.smtp.Reply;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open connections, in all and per client address, shared by every listener. A connection
 * that would exceed a limit is refused with 421 4.7.0 before any session starts.
 */
final class ConnectionLimiter {
  private final int maxTotal;
  private final int maxPerAddress;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

  ConnectionLimiter(int maxTotal, int maxPerAddress) {
    this.maxTotal = maxTotal;
    this.maxPerAddress = maxPerAddress;
  }

  /** Takes a slot for {@code client}; returns null on success or the refusal to send. */
  Reply acquire(InetAddress client) {
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
      return Replies.TOO_MANY_CONNECTIONS;
    }
    AtomicInteger count = perAddress.computeIfAbsent(client, a -> new AtomicInteger());
    if (count.incrementAndGet() > maxPerAddress) {
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
}
