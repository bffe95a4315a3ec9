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
 * <p>Entries are never removed from the middle of the heap (that would cost a scan). A message
 * points at its one live entry ({@link QueuedMessage#timerEntry}, guarded by this timer's lock);
 * rescheduling or cancelling replaces or clears that pointer, and an entry that is no longer its
 * message's live one is dropped when it reaches the head. An entry costs 32 bytes: due time in
 * epoch milliseconds, a sequence that keeps equal due times in arrival order, and the message.
 *
 * <p>Time comes from the injected {@link Clock}. The thread sleeps at most {@link #MAX_SLEEP} at
 * a time, so a test clock moved forward is noticed within that bound.
 */
final class RetryTimer {
  static final Duration MAX_SLEEP = Duration.ofMillis(200);
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(RetryTimer.class);

  record Entry(long dueMillis, long sequence, QueuedMessage message) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry o) {
      int c = Long.compare(dueMillis, o.dueMillis);
      return c != 0 ? c : Long.compare(sequence, o.sequence);
    }
  }

  private final Clock clock;
  private final Consumer<QueuedMessage> due;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Entry> entries = new PriorityQueue<>();
  private long sequence;
  private int live;
  private Thread thread;
  private boolean stopped;

  RetryTimer(Clock clock, Consumer<QueuedMessage> due) {
    this.clock = clock;
    this.due = due;
  }

  /** Makes {@code message} due at {@code at}, replacing any earlier schedule of it. */
  void schedule(QueuedMessage message, Instant at) {
    lock.lock();
    try {
      if (message.timerEntry == null) live++;
      Entry entry = new Entry(at.toEpochMilli(), sequence++, message);
      message.timerEntry = entry;
      entries.add(entry);
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Takes {@code message} out of the schedule; true when it was waiting in it. */
  boolean cancel(QueuedMessage message) {
    lock.lock();
    try {
      if (message.timerEntry == null) return false;
      message.timerEntry = null;
      live--;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Makes {@code message} due now if it is waiting; true when it was. */
  boolean expedite(QueuedMessage message) {
    lock.lock();
    try {
      if (message.timerEntry == null) return false;
      schedule(message, clock.instant());
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** When {@code message} is due, or null when it is not waiting in the timer. */
  Instant dueAt(QueuedMessage message) {
    lock.lock();
    try {
      Entry entry = message.timerEntry;
      return entry == null ? null : Instant.ofEpochMilli(entry.dueMillis);
    } finally {
      lock.unlock();
    }
  }

  /** Messages waiting in the timer. */
  int size() {
    lock.lock();
    try {
      return live;
    } finally {
      lock.unlock();
    }
  }

  /** Makes everything due now, like {@code postqueue -f}. */
  void expediteAll() {
    lock.lock();
    try {
      long now = clock.millis();
      PriorityQueue<Entry> copy = new PriorityQueue<>(entries);
      entries.clear();
      for (Entry e : copy) {
        if (e.message.timerEntry != e) continue;
        Entry expedited = new Entry(now, e.sequence, e.message);
        e.message.timerEntry = expedited;
        entries.add(expedited);
      }
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
        long now = clock.millis();
        if (head != null && head.message.timerEntry != head) {
          entries.poll();
        } else if (head != null && head.dueMillis <= now) {
          entries.poll();
          head.message.timerEntry = null;
          live--;
          next = head.message;
        } else {
          long wait = MAX_SLEEP.toNanos();
          if (head != null) wait = Math.min(wait, TimeUnit.MILLISECONDS.toNanos(head.dueMillis - now));
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
