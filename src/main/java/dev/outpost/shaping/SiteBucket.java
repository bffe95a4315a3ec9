package dev.outpost.shaping;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The live limits of one site for one source IP: open connections against
 * {@link SiteLimits#connections}, sends against the current rate in an exact {@link SendWindow},
 * and the adaptive backoff state.
 *
 * <p>AIMD: {@link #slowDown} halves the current rate (never below 1 per window) and, for a
 * rate-limit reply, suspends new connections and sends until {@code now + suspendFor}; from the
 * end of the suspension (or the slow-down, without one), each
 * {@code recoveryInterval} without another slow-down adds a tenth of the configured rate, up to
 * the configured rate. A site with no configured rate is only suspended. Suspension and recovery
 * follow the injected {@link Clock}, so tests can step through them; the send window follows
 * {@link System#nanoTime}, which never jumps, because its exactness is measured in real time.
 *
 * <p>Thread-safe; one lock per bucket, held only for counter updates, never during I/O.
 */
public final class SiteBucket {
  private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final String site;
  private final String source;
  private final SiteLimits limits;
  private final Clock clock;
  private final SendWindow window;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private int connections;
  private int waiting;
  private int currentRate;
  private Instant suspendedUntil = Instant.MIN;
  private Instant recoveryFrom = Instant.MIN;
  private String reason;
  private Instant lastSlowDown;

  SiteBucket(String site, String source, SiteLimits limits, Clock clock) {
    this.site = site;
    this.source = source;
    this.limits = limits;
    this.clock = clock;
    Rate rate = limits.rate();
    this.window = rate.limited() ? new SendWindow(rate.messages(), rate.window().toNanos()) : null;
    this.currentRate = rate.messages();
  }

  /** Takes a connection slot unless the bucket is suspended or full. */
  public boolean tryOpenConnection() {
    lock.lock();
    try {
      if (suspendedAt(clock.instant()) || connections >= limits.connections()) return false;
      connections++;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Gives back a slot taken by {@link #tryOpenConnection}. */
  public void connectionClosed() {
    lock.lock();
    try {
      connections--;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code nanos} for a slot to free up, counted as a waiter (see {@link #hasWaiters}). */
  public void awaitConnectionSlot(long nanos) throws InterruptedException {
    lock.lock();
    try {
      if (connections < limits.connections()) return;
      waiting++;
      try {
        changed.awaitNanos(nanos);
      } finally {
        waiting--;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether a worker waits for a slot; an idle connection should then be closed to make room. */
  public boolean hasWaiters() {
    lock.lock();
    try {
      return waiting > 0;
    } finally {
      lock.unlock();
    }
  }

  /** The reason new work must not start now, or null when it may. */
  public String suspension() {
    lock.lock();
    try {
      Instant now = clock.instant();
      return suspendedAt(now) ? describeSuspension() : null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks until the rate allows one more message, then counts it as started; the caller must
   * call {@link #finishSend} after the transaction, whatever its outcome. Returns false without
   * counting when the bucket gets suspended or {@code running} turns false meanwhile.
   */
  public boolean startSend(BooleanSupplier running) throws InterruptedException {
    if (window == null) return suspension() == null;
    lock.lock();
    try {
      while (running.getAsBoolean()) {
        Instant now = clock.instant();
        if (suspendedAt(now)) return false;
        long wait = window.tryStart(rateAt(now), System.nanoTime());
        if (wait == 0) return true;
        changed.awaitNanos(wait < 0 ? WAIT_SLICE_NANOS : Math.min(wait, WAIT_SLICE_NANOS));
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Ends a send that {@link #startSend} allowed. */
  public void finishSend() {
    if (window == null) return;
    lock.lock();
    try {
      window.finish(System.nanoTime());
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * A "slow down" reply: halve the rate (multiplicative decrease) and, when it asks for it,
   * suspend. Recovery starts once the suspension ends, or at once when there is none.
   */
  public void slowDown(SlowDown signal) {
    lock.lock();
    try {
      Instant now = clock.instant();
      if (window != null) currentRate = Math.max(1, rateAt(now) / 2);
      if (signal.suspend()) suspendedUntil = now.plus(limits.suspendFor());
      recoveryFrom = signal.suspend() ? suspendedUntil : now;
      reason = signal.reason();
      lastSlowDown = now;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public SiteStatus status() {
    lock.lock();
    try {
      Instant now = clock.instant();
      int rate = window == null ? 0 : rateAt(now);
      boolean suspended = suspendedAt(now);
      boolean slowed = suspended || (window != null && rate < limits.rate().messages());
      return new SiteStatus(site, source, connections, limits.connections(), limits.rate(),
          window == null ? Rate.UNLIMITED : new Rate(rate, limits.rate().window()),
          suspended ? suspendedUntil : null, slowed ? reason : null, lastSlowDown);
    } finally {
      lock.unlock();
    }
  }

  private boolean suspendedAt(Instant now) {
    return now.isBefore(suspendedUntil);
  }

  /** The current rate, after the additive increases that are due by {@code now}. */
  private int rateAt(Instant now) {
    int configured = limits.rate().messages();
    if (currentRate >= configured || !now.isAfter(recoveryFrom)) return currentRate;
    Duration interval = limits.recoveryInterval();
    long steps = Duration.between(recoveryFrom, now).dividedBy(interval);
    if (steps > 0) {
      int increase = Math.max(1, configured / 10);
      currentRate = (int) Math.min(configured, currentRate + steps * increase);
      recoveryFrom = recoveryFrom.plus(interval.multipliedBy(steps));
    }
    return currentRate;
  }

  private String describeSuspension() {
    return "site " + site + " suspended for source " + source + " until " + suspendedUntil + " after: " + reason;
  }
}
