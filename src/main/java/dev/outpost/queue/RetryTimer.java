package dev.outpost.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timer index of deferred messages: a priority queue by due time and one thread that hands
 * each message to {@code due} when its time comes. A tick looks at the head only, never the
 * whole queue.
 *
 * <p>Time comes from the injected {@link Clock}. The thread sleeps at most {@link #MAX_SLEEP} at
 * a time, so a test clock moved forward is noticed within that bound.
 */
final class RetryTimer {
  static final Duration MAX_SLEEP = Duration.ofMillis(200);
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(RetryTimer.class);

  private record Entry(Instant due, long sequence, QueuedMessage message) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry o) {
      int c = due.compareTo(o.due);
      return c != 0 ? c : Long.compare(sequence, o.sequence);
    }
  }

  private final Clock clock;
  private final Consumer<QueuedMessage> due;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Entry> entries = new PriorityQueue<>();
  private long sequence;
  private Thread thread;
  private boolean stopped;

  RetryTimer(Clock clock, Consumer<QueuedMessage> due) {
    this.clock = clock;
    this.due = due;
  }

  void schedule(QueuedMessage message, Instant at) {
    lock.lock();
    try {
      entries.add(new Entry(at, sequence++, message));
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return entries.size();
    } finally {
      lock.unlock();
    }
  }

  /** Makes everything due now, like {@code postqueue -f}. */
  void expediteAll() {
    lock.lock();
    try {
      Instant now = clock.instant();
      PriorityQueue<Entry> copy = new PriorityQueue<>(entries);
      entries.clear();
      for (Entry e : copy) entries.add(new Entry(now, e.sequence, e.message));
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  void start() {
    thread = Thread.ofPlatform().daemon().name("outpost-retry-timer").start(this::run);
  }

  void stop() {
    lock.lock();
    try {
      stopped = true;
      changed.signal();
    } finally {
      lock.unlock();
    }
    if (thread != null) {
      try {
        thread.join(MAX_SLEEP.toMillis() * 5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    while (true) {
      QueuedMessage next = null;
      lock.lock();
      try {
        if (stopped) return;
        Entry head = entries.peek();
        Instant now = clock.instant();
        if (head != null && !head.due.isAfter(now)) {
          next = entries.poll().message;
        } else {
          long wait = MAX_SLEEP.toNanos();
          if (head != null) wait = Math.min(wait, Duration.between(now, head.due).toNanos());
          changed.awaitNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), wait));
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      if (next != null) dispatch(next);
    }
  }

  /**
   * One failing dispatch must not end the timer thread, or every deferred message would wait for
   * a restart; the message is put back a minute later instead.
   */
  private void dispatch(QueuedMessage message) {
    try {
      due.accept(message);
    } catch (RuntimeException e) {
      LOG.error("dispatching a due message failed; trying it again in a minute", e);
      schedule(message, clock.instant().plus(RETRY_AFTER_FAILURE));
    }
  }
}
