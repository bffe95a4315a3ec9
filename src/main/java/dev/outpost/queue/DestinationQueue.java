package dev.outpost.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ready queue of one destination and the count of its connection workers.
 *
 * <p>Workers start on demand, up to {@code connectionsPerDestination}: a new job starts a worker
 * only when no idle worker is waiting for it. Invariant: whenever jobs are ready or messages
 * parked, at least one worker is running or about to start, because a worker that exits re-checks
 * the queue after it has stopped counting itself (see {@link #workerExited}).
 *
 * <p>A job holds its message's envelope, so the ready queue is bounded by {@code readyLimit}: a
 * due message that finds it full is parked instead, as its compact {@link QueuedMessage} alone,
 * and the workers load parked messages (reading their envelopes again) once the ready queue has
 * drained to half the limit. A million due messages after a restart thus cost a compact record
 * each, not an envelope each.
 */
final class DestinationQueue {
  private final Destination destination;
  private final int maxWorkers;
  private final int readyLimit;
  private final WorkerStarter starter;
  private final Refiller refiller;
  private final LinkedBlockingQueue<DeliveryJob> ready = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<QueuedMessage> parked = new ConcurrentLinkedQueue<>();
  private final AtomicInteger parkedCount = new AtomicInteger();
  private final AtomicBoolean refilling = new AtomicBoolean();
  private final AtomicInteger workers = new AtomicInteger();
  private final AtomicInteger idle = new AtomicInteger();
  private final AtomicInteger connected = new AtomicInteger();

  /** Starts one worker thread for a queue; false when the scheduler is not running. */
  @FunctionalInterface
  interface WorkerStarter {
    boolean start(DestinationQueue queue);
  }

  /** Dispatches parked messages of a queue (see {@link #unpark}) until it is full again. */
  @FunctionalInterface
  interface Refiller {
    void refill(DestinationQueue queue);
  }

  DestinationQueue(Destination destination, int maxWorkers, int readyLimit, WorkerStarter starter,
      Refiller refiller) {
    this.destination = destination;
    this.maxWorkers = maxWorkers;
    this.readyLimit = readyLimit;
    this.starter = starter;
    this.refiller = refiller;
  }

  Destination destination() {
    return destination;
  }

  void offer(DeliveryJob job) {
    ready.offer(job);
    startWorkerIfNeeded();
  }

  /** Whether a due message must be parked rather than offered. */
  boolean isFull() {
    return ready.size() >= readyLimit;
  }

  /** Keeps a due message that found the ready queue full, without its envelope. */
  void park(QueuedMessage message) {
    if (!message.markParked()) return;
    parked.add(message);
    parkedCount.incrementAndGet();
    startWorkerIfNeeded();
  }

  /** The longest-parked message, no longer marked parked, or null. */
  QueuedMessage unpark() {
    QueuedMessage message = parked.poll();
    if (message == null) return null;
    parkedCount.decrementAndGet();
    message.clearParked();
    return message;
  }

  void startWorkerIfNeeded() {
    while (true) {
      int running = workers.get();
      // While a worker loads parked messages, they are its work: others would only start and exit.
      int due = ready.size() + (refilling.get() ? 0 : parkedCount.get());
      if (running >= maxWorkers || due == 0 || idle.get() >= due) return;
      if (workers.compareAndSet(running, running + 1)) {
        if (!starter.start(this)) workers.decrementAndGet();
        return;
      }
    }
  }

  /** The next job without waiting, or null. */
  DeliveryJob poll() {
    refillIfLow();
    return ready.poll();
  }

  /** Waits up to {@code nanos} for a job, counted as idle meanwhile. */
  DeliveryJob pollIdle(long nanos) throws InterruptedException {
    refillIfLow();
    idle.incrementAndGet();
    try {
      return ready.poll(nanos, TimeUnit.NANOSECONDS);
    } finally {
      idle.decrementAndGet();
    }
  }

  /** One worker at a time loads parked messages, on the worker's own thread. */
  private void refillIfLow() {
    if (parkedCount.get() == 0 || ready.size() > readyLimit / 2) return;
    if (!refilling.compareAndSet(false, true)) return;
    try {
      refiller.refill(this);
    } finally {
      refilling.set(false);
    }
    startWorkerIfNeeded();
  }

  /** Removes every ready job, for a dead destination or shutdown; parked messages stay parked. */
  List<DeliveryJob> drain() {
    List<DeliveryJob> jobs = new ArrayList<>();
    ready.drainTo(jobs);
    return jobs;
  }

  void connectionOpened() {
    connected.incrementAndGet();
  }

  void connectionClosed() {
    connected.decrementAndGet();
  }

  /** Open connections to this destination right now. */
  int connections() {
    return connected.get();
  }

  void workerExited() {
    workers.decrementAndGet();
    startWorkerIfNeeded();
  }

  DestinationStatus status() {
    int inMemory = ready.size();
    return new DestinationStatus(destination.name(), inMemory + parkedCount.get(), inMemory, workers.get(),
        connected.get());
  }
}
