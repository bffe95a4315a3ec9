package dev.outpost.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ready queue of one destination and the count of its connection workers.
 *
 * <p>Workers start on demand, up to {@code connectionsPerDestination}: a new job starts a worker
 * only when no idle worker is waiting for it. Invariant: whenever jobs are ready, at least one
 * worker is running or about to start, because a worker that exits re-checks the queue after it
 * has stopped counting itself (see {@link #workerExited}).
 */
final class DestinationQueue {
  private final Destination destination;
  private final int maxWorkers;
  private final WorkerStarter starter;
  private final LinkedBlockingQueue<DeliveryJob> ready = new LinkedBlockingQueue<>();
  private final AtomicInteger workers = new AtomicInteger();
  private final AtomicInteger idle = new AtomicInteger();
  private final AtomicInteger connected = new AtomicInteger();

  /** Starts one worker thread for a queue; false when the scheduler is not running. */
  @FunctionalInterface
  interface WorkerStarter {
    boolean start(DestinationQueue queue);
  }

  DestinationQueue(Destination destination, int maxWorkers, WorkerStarter starter) {
    this.destination = destination;
    this.maxWorkers = maxWorkers;
    this.starter = starter;
  }

  Destination destination() {
    return destination;
  }

  void offer(DeliveryJob job) {
    ready.offer(job);
    startWorkerIfNeeded();
  }

  void startWorkerIfNeeded() {
    while (true) {
      int running = workers.get();
      if (running >= maxWorkers || ready.isEmpty() || idle.get() >= ready.size()) return;
      if (workers.compareAndSet(running, running + 1)) {
        if (!starter.start(this)) workers.decrementAndGet();
        return;
      }
    }
  }

  /** The next job without waiting, or null. */
  DeliveryJob poll() {
    return ready.poll();
  }

  /** Waits up to {@code nanos} for a job, counted as idle meanwhile. */
  DeliveryJob pollIdle(long nanos) throws InterruptedException {
    idle.incrementAndGet();
    try {
      return ready.poll(nanos, TimeUnit.NANOSECONDS);
    } finally {
      idle.decrementAndGet();
    }
  }

  /** Removes every ready job, for a dead destination or shutdown. */
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
    return new DestinationStatus(destination.name(), ready.size(), workers.get(), connected.get());
  }
}
