package dev.outpost.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event sink of a running server and the way to read events back. {@link #record} only puts
 * the event on a bounded queue; one writer thread takes up to {@value #BATCH} events at a time,
 * waiting at most {@link #LINGER} for a batch to fill, and appends them in one transaction of the
 * {@link EventStore}, which also counts them in the hourly aggregates. When the store falls so far
 * behind that the queue is full, events are dropped and counted ({@link #dropped}), never waited
 * for: mail matters more than its record.
 *
 * <p>A complaint names only the recipient; before it is stored, the writer files it under the
 * newest delivery to that recipient, so that it counts against the account, campaign, site and
 * address that sent the mail. The writer also deletes what is older than the retention, at start
 * and then daily by the injected clock. {@link #close} writes what is queued, then stops.
 */
public final class EventLog implements EventSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
  static final int BATCH = 500;
  static final Duration LINGER = Duration.ofMillis(200);
  static final int DEFAULT_CAPACITY = 65_536;
  private static final Duration PURGE_INTERVAL = Duration.ofDays(1);
  /** How often an idle writer looks at the clock for the purge, and at the close flag. */
  private static final long IDLE_POLL_MILLIS = 500;
  private static final long DROP_WARNING_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
  /** Put on the queue by {@link #close} so that an idle writer notices at once; never stored. */
  private static final DeliveryEvent WAKE_UP = DeliveryEvent.of(DeliveryEvent.Type.RECEIVED, Instant.EPOCH).build();

  private final EventStore store;
  private final Clock clock;
  private final Duration retention;
  private final boolean recording;
  private final ArrayBlockingQueue<DeliveryEvent> queue;
  private final Thread writer;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong lastDropWarning = new AtomicLong(System.nanoTime() - DROP_WARNING_NANOS);
  private final AtomicLong lost = new AtomicLong();
  private final List<Consumer<List<DeliveryEvent>>> listeners = new CopyOnWriteArrayList<>();
  /** Events taken onto the queue; compared with {@link #handled} by {@link #flush}. */
  private final AtomicLong accepted = new AtomicLong();
  private final ReentrantLock progressLock = new ReentrantLock();
  private final Condition progress = progressLock.newCondition();
  /** Events the writer has stored or given up on; guarded by {@link #progressLock}. */
  private long handled;
  private volatile boolean closing;
  /** When the writer purges next; read and written by the writer thread only. */
  private Instant nextPurge = Instant.MIN;

  private EventLog(EventStore store, Clock clock, Duration retention, boolean recording, int capacity) {
    this.store = store;
    this.clock = clock;
    this.retention = retention;
    this.recording = recording;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = new Thread(this::run, "outpost-events");
    // A platform thread: it spends its time in SQLite's native code, where a virtual thread
    // would pin its carrier anyway.
    writer.setDaemon(true);
  }

  /**
   * Starts the writer. With {@code recording} false nothing new is recorded, but the events
   * already kept can still be read, and the purge still runs.
   */
  public static EventLog start(EventStore store, Clock clock, Duration retention, boolean recording) {
    return start(store, clock, retention, recording, DEFAULT_CAPACITY);
  }

  static EventLog start(EventStore store, Clock clock, Duration retention, boolean recording, int capacity) {
    EventLog log = new EventLog(store, clock, retention, recording, capacity);
    log.writer.start();
    return log;
  }

  @Override
  public void record(DeliveryEvent event) {
    if (!recording) return;
    if (closing || !queue.offer(event)) {
      noteDropped();
      return;
    }
    accepted.incrementAndGet();
  }

  private void noteDropped() {
    long n = dropped.incrementAndGet();
    long now = System.nanoTime();
    long last = lastDropWarning.get();
    if (now - last >= DROP_WARNING_NANOS && lastDropWarning.compareAndSet(last, now)) {
      LOG.warn("event log: {} events dropped so far, because the state database did not keep up"
          + " (or the server is stopping)", n);
    }
  }

  /**
   * Calls {@code listener} on the writer thread with each batch once it is committed, with its
   * ids: how a reader that follows the log, such as a webhook, learns that there is more to read
   * without polling. It must return at once; what it throws is logged and ignored.
   */
  public void onStored(Consumer<List<DeliveryEvent>> listener) {
    listeners.add(listener);
  }

  /** One page of events. */
  public EventPage find(EventQuery query) {
    return store.find(query);
  }

  /** Counts and rates from the hourly aggregates. */
  public StatsReport stats(StatsQuery query) {
    return store.stats(query);
  }

  /** Events not recorded because the queue was full or the log was closing. */
  public long dropped() {
    return dropped.get();
  }

  /** Events taken onto the queue but lost because the store failed to write them. */
  public long lost() {
    return lost.get();
  }

  /**
   * Waits until every event recorded before this call is stored (or lost to a store failure);
   * false if that took longer than {@code timeout}.
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    long target = accepted.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    progressLock.lock();
    try {
      while (handled < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        progress.awaitNanos(left);
      }
      return true;
    } finally {
      progressLock.unlock();
    }
  }

  /**
   * Deletes events older than the retention now, and the aggregates of hours before then;
   * returns the number of events deleted. The writer calls it daily; tests and operators may too.
   */
  public long purge() {
    Instant cutoff = clock.instant().minus(retention);
    long deleted = store.purgeBefore(cutoff);
    if (deleted > 0) LOG.info("event log: deleted {} events from before {} (retention {})", deleted, cutoff, retention);
    return deleted;
  }

  /** Stores what is queued, within 30 seconds, and stops the writer. Safe to call more than once. */
  @Override
  public void close() {
    closing = true;
    // When the queue is full the writer is busy and needs no waking.
    queue.offer(WAKE_UP);
    try {
      writer.join(CLOSE_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) LOG.warn("event log: the writer did not finish within {}; {} events left unwritten",
        CLOSE_WAIT, queue.size());
  }

  private void run() {
    List<DeliveryEvent> batch = new ArrayList<>(BATCH);
    try {
      while (true) {
        purgeIfDue();
        DeliveryEvent first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null || first == WAKE_UP) {
          if (closing && queue.isEmpty()) return;
          continue;
        }
        batch.add(first);
        fill(batch);
        batch.removeIf(e -> e == WAKE_UP);
        write(batch);
        batch.clear();
      }
    } catch (InterruptedException e) {
      LOG.warn("event log: writer interrupted; {} events left unwritten", queue.size());
    }
  }

  /**
   * Adds queued events up to a full batch, after letting more arrive for the linger time. The
   * writer sleeps through the linger rather than waiting on the queue: a waiting consumer makes
   * each producer's offer wake it, thousands of times a second under load, and those wake-ups cost
   * the SMTP threads more than the writes do.
   */
  private void fill(List<DeliveryEvent> batch) throws InterruptedException {
    queue.drainTo(batch, BATCH - batch.size());
    if (batch.size() >= BATCH || closing) return;
    Thread.sleep(LINGER);
    queue.drainTo(batch, BATCH - batch.size());
  }

  private void write(List<DeliveryEvent> batch) {
    try {
      List<DeliveryEvent> stored = store.append(attributeComplaints(batch));
      for (Consumer<List<DeliveryEvent>> listener : listeners) tell(listener, stored);
    } catch (RuntimeException e) {
      // The store's own errors and any bug: the writer must outlive both, or every later event
      // would pile up unwritten.
      lost.addAndGet(batch.size());
      LOG.error("event log: cannot store {} events; they are lost: {}", batch.size(), e.toString());
    }
    progressLock.lock();
    try {
      handled += batch.size();
      progress.signalAll();
    } finally {
      progressLock.unlock();
    }
  }

  private static void tell(Consumer<List<DeliveryEvent>> listener, List<DeliveryEvent> stored) {
    try {
      listener.accept(stored);
    } catch (RuntimeException e) {
      // Caught here, not by the caller: the batch is stored, and must not be counted as lost.
      LOG.error("event log: a listener failed on {} stored events", stored.size(), e);
    }
  }

  private List<DeliveryEvent> attributeComplaints(List<DeliveryEvent> batch) {
    List<DeliveryEvent> out = batch;
    for (int i = 0; i < batch.size(); i++) {
      DeliveryEvent e = batch.get(i);
      if (e.type() != DeliveryEvent.Type.COMPLAINED || e.account() != null || e.recipient() == null) continue;
      Optional<DeliveryEvent> delivery = store.latestDelivery(e.recipient());
      if (delivery.isEmpty()) continue;
      if (out == batch) out = new ArrayList<>(batch);
      out.set(i, e.attributedTo(delivery.get()));
    }
    return out;
  }

  private void purgeIfDue() {
    Instant now = clock.instant();
    if (now.isBefore(nextPurge)) return;
    nextPurge = now.plus(PURGE_INTERVAL);
    try {
      purge();
    } catch (RuntimeException e) {
      LOG.error("event log: the retention purge failed; it is tried again in {}: {}", PURGE_INTERVAL, e.toString());
    }
  }
}
