package dev.outpost.accounts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recent AUTH failures per account, from any client, in a sliding window: the signal of credential
 * stuffing, which spreads its attempts over many addresses so that no per-IP limit sees them.
 * Kept in memory: a restart forgets failures (not locks, which are stored), which at worst gives
 * an attacker one more window.
 */
final class AuthFailures {

  /** The failures in the window when the last one was recorded, and from how many clients. */
  record Count(int failures, int clients) {}

  private record Failure(Instant at, String client) {}

  private final Duration window;
  private final ConcurrentHashMap<String, Deque<Failure>> byAccount = new ConcurrentHashMap<>();

  AuthFailures(Duration window) {
    this.window = window;
  }

  Count record(String account, String client, Instant now) {
    Deque<Failure> failures = byAccount.computeIfAbsent(account, a -> new ArrayDeque<>());
    synchronized (failures) {
      failures.addLast(new Failure(now, client));
      Instant horizon = now.minus(window);
      while (!failures.isEmpty() && !failures.peekFirst().at().isAfter(horizon)) failures.removeFirst();
      Set<String> clients = new HashSet<>();
      for (Failure f : failures) clients.add(f.client());
      return new Count(failures.size(), clients.size());
    }
  }

  void clear(String account) {
    byAccount.remove(account);
  }
}
