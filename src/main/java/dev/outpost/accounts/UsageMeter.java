package dev.outpost.accounts;

import dev.outpost.store.StateStore;
import dev.outpost.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Message counts per account in fixed UTC windows (hour, day, month), counted in memory and
 * written to the store by {@link #flush}.
 *
 * <p>Counting a message is a few additions under the account's lock; only the first message of
 * an account in a new window reads the store. That keeps the per-message cost free of database
 * writes. The trade-off: within one node the counts are exact, because every message of an
 * account passes the same lock; but counts not yet flushed are lost if the process dies (the
 * account may then send up to one flush interval's worth of messages over its limit), and other
 * nodes and {@code outpost account show} see them only after the next flush. After each flush
 * the stored count is read back, so messages counted by other nodes are seen within one interval.
 */
final class UsageMeter {
  private static final Logger LOG = LoggerFactory.getLogger(UsageMeter.class);
  /** Rows older than this are deleted: a year of history for statistics, and then some. */
  private static final Duration KEEP = Duration.ofDays(400);

  private final StateStore store;
  private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
  private Instant lastCleanup = Instant.EPOCH;

  UsageMeter(StateStore store) {
    this.store = store;
  }

  /** The counts of the windows holding {@code now}, flushed or not. */
  UsageCounts counts(String account, Instant now) {
    Counter c = counter(account);
    synchronized (c) {
      c.roll(now);
      return c.current();
    }
  }

  /**
   * Counts one message if no count limit would be exceeded by it; otherwise counts nothing and
   * names the first limit reached, the shortest window first.
   */
  LimitDecision countIfWithin(String account, AccountLimits limits, Instant now, boolean count) {
    Counter c = counter(account);
    synchronized (c) {
      c.roll(now);
      for (UsageWindow w : UsageWindow.values()) {
        Limit limit = Limit.countedIn(w);
        long max = limits.of(limit);
        long used = c.current().in(w);
        if (max > 0 && used + 1 > max) return new LimitDecision.LimitReached(limit, max, used, w.end(now));
      }
      if (count) c.add();
      return LimitDecision.WITHIN_LIMITS;
    }
  }

  /** Writes every account's unflushed counts to the store. Flushes never overlap. */
  synchronized void flush(Instant now) {
    for (Map.Entry<String, Counter> e : counters.entrySet()) {
      Counter c = e.getValue();
      Map<UsageWindow, Map<Instant, Long>> pending;
      synchronized (c) {
        pending = c.takePending();
      }
      if (pending.isEmpty()) continue;
      try {
        store.addUsage(e.getKey(), pending);
      } catch (StoreException failure) {
        synchronized (c) {
          c.restorePending();
        }
        throw failure;
      }
      c.reload(store, e.getKey());
    }
    if (Duration.between(lastCleanup, now).compareTo(Duration.ofDays(1)) >= 0) {
      int deleted = store.deleteUsageBefore(now.minus(KEEP));
      if (deleted > 0) LOG.debug("usage: deleted {} counts older than {} days", deleted, KEEP.toDays());
      lastCleanup = now;
    }
  }

  private Counter counter(String account) {
    return counters.computeIfAbsent(account, Counter::new);
  }

  /** One account's windows; guarded by its own monitor, except {@link #reload}'s store read. */
  private final class Counter {
    private final String account;
    private final Map<UsageWindow, Instant> start = new EnumMap<>(UsageWindow.class);
    /** The stored count of each current window, as last read. */
    private final Map<UsageWindow, Long> stored = new EnumMap<>(UsageWindow.class);
    /** Counts not yet written, by window kind and start; may hold windows already past. */
    private Map<UsageWindow, Map<Instant, Long>> pending = new EnumMap<>(UsageWindow.class);
    /**
     * Counts being written by a flush. They still count against limits until the stored counts
     * are read back with them included, so a flush never makes room for extra messages.
     */
    private Map<UsageWindow, Map<Instant, Long>> inFlight = new EnumMap<>(UsageWindow.class);

    Counter(String account) {
      this.account = account;
    }

    void roll(Instant now) {
      for (UsageWindow w : UsageWindow.values()) {
        Instant s = w.start(now);
        if (!s.equals(start.get(w))) {
          start.put(w, s);
          stored.put(w, store.usage(account, w, s));
        }
      }
    }

    UsageCounts current() {
      return new UsageCounts(total(UsageWindow.HOUR), total(UsageWindow.DAY), total(UsageWindow.MONTH));
    }

    private long total(UsageWindow w) {
      Instant s = start.get(w);
      return stored.get(w) + pending.getOrDefault(w, Map.of()).getOrDefault(s, 0L)
          + inFlight.getOrDefault(w, Map.of()).getOrDefault(s, 0L);
    }

    void add() {
      for (UsageWindow w : UsageWindow.values()) {
        pending.computeIfAbsent(w, k -> new HashMap<>()).merge(start.get(w), 1L, Long::sum);
      }
    }

    /** Moves the pending counts in flight and returns them. */
    Map<UsageWindow, Map<Instant, Long>> takePending() {
      inFlight = pending;
      pending = new EnumMap<>(UsageWindow.class);
      return inFlight;
    }

    /** After a failed write: the counts in flight are pending again. */
    void restorePending() {
      inFlight.forEach((w, windows) -> windows.forEach(
          (s, n) -> pending.computeIfAbsent(w, k -> new HashMap<>()).merge(s, n, Long::sum)));
      inFlight = new EnumMap<>(UsageWindow.class);
    }

    /**
     * Reads the stored counts back after a flush: they now hold the counts that were in flight,
     * and any other node's. Messages counted meanwhile are in {@link #pending}, so nothing is
     * counted twice. Only {@link #flush} calls it, and flushes never overlap.
     */
    void reload(StateStore from, String name) {
      Map<UsageWindow, Instant> starts;
      synchronized (this) {
        starts = new EnumMap<>(start);
      }
      Map<UsageWindow, Long> fresh = new EnumMap<>(UsageWindow.class);
      starts.forEach((w, s) -> fresh.put(w, from.usage(name, w, s)));
      synchronized (this) {
        fresh.forEach((w, n) -> {
          if (starts.get(w).equals(start.get(w))) stored.put(w, n);
        });
        inFlight = new EnumMap<>(UsageWindow.class);
      }
    }
  }
}
