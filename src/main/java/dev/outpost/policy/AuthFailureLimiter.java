package dev.outpost.policy;

import dev.outpost.smtp.AuthOutcome;
import dev.outpost.smtp.Credentials;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brute-force protection in front of an {@link Authenticator}: after {@code maxFailures} failed
 * AUTH attempts from one address within {@code window}, that address is refused with 454 for
 * {@code blockFor}, even with the right password, so guessing cannot go on at line speed.
 */
public final class AuthFailureLimiter implements Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger("outpost.limits");

  private final Authenticator delegate;
  private final int maxFailures;
  private final Duration window;
  private final Duration blockFor;
  private final Clock clock;
  private final ConcurrentHashMap<InetAddress, Failures> byAddress = new ConcurrentHashMap<>();

  public AuthFailureLimiter(Authenticator delegate, int maxFailures, Duration window, Duration blockFor, Clock clock) {
    this.delegate = delegate;
    this.maxFailures = maxFailures;
    this.window = window;
    this.blockFor = blockFor;
    this.clock = clock;
  }

  @Override
  public AuthOutcome authenticate(Credentials credentials, InetAddress client) {
    Instant now = clock.instant();
    Failures failures = byAddress.get(client);
    if (failures != null && failures.blocked(now)) return new AuthOutcome.Blocked();
    AuthOutcome outcome = delegate.authenticate(credentials, client);
    if (outcome instanceof AuthOutcome.BadCredentials) {
      Failures f = byAddress.computeIfAbsent(client, a -> new Failures());
      if (f.record(now)) {
        LOG.warn("AUTH blocked for {} for {}: {} failures within {}", client.getHostAddress(), blockFor, maxFailures,
            window);
      }
    }
    prune(now);
    return outcome;
  }

  /** Whether {@code client} is blocked now; for the live view of limits. */
  public boolean isBlocked(InetAddress client) {
    Failures f = byAddress.get(client);
    return f != null && f.blocked(clock.instant());
  }

  /** Every address blocked now, with the end of its block; for the live view of limits. */
  public Map<InetAddress, Instant> blockedAddresses() {
    Instant now = clock.instant();
    Map<InetAddress, Instant> blocked = new HashMap<>();
    byAddress.forEach((address, f) -> {
      Instant until = f.blockedUntil(now);
      if (until != null) blocked.put(address, until);
    });
    return blocked;
  }

  /** Keeps the map from growing with addresses that tried once long ago. */
  private void prune(Instant now) {
    if (byAddress.size() < 10_000) return;
    byAddress.entrySet().removeIf(e -> e.getValue().idle(now));
  }

  private final class Failures {
    private final Deque<Instant> times = new ArrayDeque<>();
    private Instant blockedUntil = Instant.MIN;

    synchronized boolean blocked(Instant now) {
      return now.isBefore(blockedUntil);
    }

    /** The end of the block in force at {@code now}, or null. */
    synchronized Instant blockedUntil(Instant now) {
      return blocked(now) ? blockedUntil : null;
    }

    /** Returns true when this failure starts a block. */
    synchronized boolean record(Instant now) {
      times.addLast(now);
      while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(window))) times.removeFirst();
      if (times.size() >= maxFailures) {
        blockedUntil = now.plus(blockFor);
        times.clear();
        return true;
      }
      return false;
    }

    synchronized boolean idle(Instant now) {
      return !blocked(now) && (times.isEmpty() || !times.peekLast().isAfter(now.minus(window)));
    }
  }
}
