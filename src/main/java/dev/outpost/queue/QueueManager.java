package dev.outpost.queue;

import dev.outpost.bounce.BounceClassifier;
import dev.outpost.bounce.DsnBuilder;
import dev.outpost.config.DeliveryConfig;
import dev.outpost.config.OutpostConfig;
import dev.outpost.delivery.ClientSettings;
import dev.outpost.delivery.RecipientOutcome;
import dev.outpost.events.EventSink;
import dev.outpost.metrics.OutpostMetrics;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import dev.outpost.spool.RecipientState;
import dev.outpost.spool.Spool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler between the spool and delivery. It knows every queued message by a compact
 * {@link QueuedMessage} (no envelope, no body), puts each due message's pending recipients on the
 * ready queue of their destination, and runs connection workers (virtual threads) that deliver
 * from those queues. Deferred messages wait in a timer index ordered by due time. A due message's
 * envelope is read from the spool when it is dispatched, except for a message just received, whose
 * envelope is still at hand; the attempt's jobs hold it until the attempt ends. A destination
 * holds at most {@link #READY_JOBS_PER_DESTINATION} such jobs; further due messages wait compact
 * (see {@link DestinationQueue}).
 *
 * <p>Lifecycle: construct, {@link #start}, then {@link #recover} (rebuild from the spool's
 * envelopes, delivering while it reads) or {@link #recoverInBackground}, and {@link #enqueue}
 * each newly committed message, even while the recovery runs; {@link #close} before closing the
 * spool. Recovering before starting also works, and delivers nothing until the start.
 *
 * <p>Thread-safety: every public method may be called from any thread. {@link #enqueue} takes no
 * global lock: a concurrent map insert, a route lookup and a per-destination queue offer.
 */
public final class QueueManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QueueManager.class);
  private static final Duration FORCED_STOP_WAIT = Duration.ofSeconds(2);
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);
  /**
   * Envelopes held in one destination's ready queue. Several seconds of work at the fastest rate
   * measured to one destination (about 3,000 messages/s), at about a kilobyte each.
   */
  static final int READY_JOBS_PER_DESTINATION = 10_000;

  private final Spool spool;
  private final OutpostMetrics metrics;
  private final Clock clock;
  private final DeliveryConfig delivery;
  private final ClientSettings clientSettings;
  private final Duration shutdownGrace;
  private final NextHopResolver resolver;
  private final RetryTimer timer;
  private final OutcomeRecorder recorder;
  private final DestinationDeferrals deferrals = new DestinationDeferrals();
  private final QueueAdministration administration;
  private final ConcurrentHashMap<String, QueuedMessage> messages = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, DestinationQueue> destinations = new ConcurrentHashMap<>();
  private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
  /**
   * While a recovery reads the spool, the ids of messages that left the queue: its read of the
   * spool may predate their removal, and must not bring them back.
   */
  private final Set<String> removedDuringRecovery = ConcurrentHashMap.newKeySet();
  private final int readyLimit;
  private volatile boolean recovering;
  private volatile Thread recovery;
  private volatile boolean started;
  private volatile boolean running;

  /** Delivers as configured: {@code [[route]]} smarthosts first, MX hosts for every other domain. */
  public QueueManager(OutpostConfig config, Spool spool, Clock clock) {
    this(config, spool, clock, RoutesThenMx.of(config, clock));
  }

  /** With another resolver, such as static routes alone. */
  public QueueManager(OutpostConfig config, Spool spool, Clock clock, NextHopResolver resolver) {
    this(config, spool, clock, resolver, HardBounceListener.NONE, EventSink.NONE, OutpostMetrics.none());
  }

  /**
   * Also telling {@code hardBounces} of every address that bounced hard, recording every
   * delivery, deferral, bounce and DSN in {@code events}, and counting outcomes and timing
   * transactions per site in {@code metrics}.
   */
  public QueueManager(OutpostConfig config, Spool spool, Clock clock, NextHopResolver resolver,
      HardBounceListener hardBounces, EventSink events, OutpostMetrics metrics) {
    this(config, spool, clock, resolver, hardBounces, events, metrics, READY_JOBS_PER_DESTINATION);
  }

  QueueManager(OutpostConfig config, Spool spool, Clock clock, NextHopResolver resolver,
      HardBounceListener hardBounces, EventSink events, OutpostMetrics metrics, int readyLimit) {
    this.readyLimit = readyLimit;
    this.spool = spool;
    this.metrics = metrics;
    this.clock = clock;
    this.delivery = config.delivery();
    this.clientSettings = ClientSettings.from(config);
    this.shutdownGrace = config.server().shutdownGrace();
    this.resolver = resolver;
    this.timer = new RetryTimer(clock, this::dispatch);
    DeliveryNotices notices = new DeliveryNotices(spool, clock, new DsnBuilder(config.server().hostname(), clock),
        delivery.maxAge(), delivery.delayWarning(), this::enqueue, events);
    this.recorder = new OutcomeRecorder(spool, clock, delivery, timer, this::removed,
        new BounceClassifier(config.bounce().extraRules()), notices, deferrals, hardBounces, events, metrics);
    this.administration = new QueueAdministration(spool, clock, timer, recorder, resolver, messages, destinations,
        deferrals);
  }

  /**
   * Rebuilds the schedule from the spool's envelopes (never their bodies): due messages go to
   * the ready queues, the others to the timer. After {@link #start}, the first due message is
   * on its way while the rest are still being read. Envelopes with no pending recipient, left by
   * a crash between the last update and the delete, are deleted. Messages enqueued meanwhile are
   * neither doubled nor, once delivered, brought back. A {@link #close} ends it early.
   */
  public void recover() throws IOException {
    long started = System.nanoTime();
    List<String> finished = new ArrayList<>();
    int[] count = new int[1];
    recovering = true;
    try {
      spool.forEachEnvelope(envelope -> {
        if (this.started && !running) throw new RecoveryStopped();
        if (envelope.isFinished()) {
          finished.add(envelope.queueId());
          return;
        }
        try {
          if (admit(envelope)) count[0]++;
        } catch (RuntimeException e) {
          // One message that cannot be scheduled must not leave the rest of the spool unread.
          LOG.error("{}: cannot schedule the recovered message; it stays in the spool for the next start",
              envelope.queueId(), e);
        }
      });
    } catch (RecoveryStopped stopped) {
      LOG.info("recovery stopped by shutdown after {} queued messages; the rest stay in the spool", count[0]);
      return;
    } finally {
      recovering = false;
      removedDuringRecovery.clear();
    }
    for (String id : finished) spool.delete(id);
    LOG.info("recovered {} queued messages in {} ms; removed {} finished ones", count[0],
        (System.nanoTime() - started) / 1_000_000, finished.size());
  }

  /**
   * Runs {@link #recover} on its own thread, so that listeners can open while it reads. A read of
   * the spool that fails is started again a minute later, until it succeeds or the queue closes:
   * reading a message twice is harmless, and leaving one unread would strand it until a restart.
   */
  public void recoverInBackground() {
    recovery = Thread.ofPlatform().name("outpost-queue-recovery").start(() -> {
      while (running) {
        try {
          recover();
          return;
        } catch (IOException | RuntimeException e) {
          LOG.error("recovering the queue from the spool failed; reading it again in {}", RETRY_AFTER_FAILURE, e);
        }
        long until = System.nanoTime() + RETRY_AFTER_FAILURE.toNanos();
        while (running && System.nanoTime() < until) {
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    });
  }

  /** Waits for {@link #recoverInBackground} to finish; false if it is still running after {@code limit}. */
  public boolean awaitRecovery(Duration limit) throws InterruptedException {
    Thread t = recovery;
    return t == null || t.join(limit);
  }

  /** Starts the retry timer and the workers for whatever is already ready. */
  public void start() {
    if (started) throw new IllegalStateException("already started");
    running = true;
    started = true;
    timer.start();
    for (DestinationQueue queue : destinations.values()) queue.startWorkerIfNeeded();
  }

  /** Unwinds {@link Spool#forEachEnvelope} when the queue closes during a recovery. */
  private static final class RecoveryStopped extends RuntimeException {
    RecoveryStopped() {
      super(null, null, false, false);
    }
  }

  /**
   * Schedules a message just committed to the spool. Cheap and non-blocking; safe from any
   * thread. A message already known is ignored. After {@link #close}, the message stays in the
   * spool for the next start.
   */
  public void enqueue(Envelope envelope) {
    if (started && !running) return;
    admit(envelope);
  }

  /**
   * Adds a message the queue does not know yet and schedules it; false when it knew it already,
   * or when it left the queue during the recovery running now. A message that leaves is put in
   * {@link #removedDuringRecovery} before it leaves {@link #messages}, so if it is gone from the
   * map when this inserts, the set already names it. That covers both a recovery's read that
   * predates the removal and a receiver whose message the recovery read, delivered and removed
   * before the receiver got to enqueue it.
   */
  private boolean admit(Envelope envelope) {
    QueuedMessage message = QueuedMessage.of(envelope);
    if (messages.putIfAbsent(envelope.queueId(), message) != null) return false;
    if (recovering && removedDuringRecovery.contains(envelope.queueId())) {
      messages.remove(envelope.queueId(), message);
      return false;
    }
    schedule(message, envelope);
    return true;
  }

  private void schedule(QueuedMessage message, Envelope envelope) {
    if (envelope.held()) return;
    if (envelope.nextAttemptAt().isAfter(clock.instant())) {
      timer.schedule(message, envelope.nextAttemptAt());
    } else {
      dispatch(message, envelope);
    }
  }

  /** Makes every deferred message due now (a queue flush). */
  public void flush() {
    timer.expediteAll();
  }

  /** Every queued message, oldest first. Reads every envelope; meant for tests. */
  public List<QueueEntrySummary> snapshot() {
    try {
      return administration.list(null, Integer.MAX_VALUE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What an operator may see and do: {@code outpost queue}. */
  public QueueAdministration administration() {
    return administration;
  }

  /** Per destination: ready jobs, workers, open connections. */
  public Map<String, DestinationStatus> destinations() {
    Map<String, DestinationStatus> out = new LinkedHashMap<>();
    destinations.forEach((name, queue) -> out.put(name, queue.status()));
    return out;
  }

  /** Messages in the queue (active or waiting). */
  public int size() {
    return messages.size();
  }

  /**
   * Stops taking new work, lets transactions in progress finish within
   * {@code server.shutdown_grace}, and closes connections with QUIT. Workers still busy after
   * that are interrupted, which closes their sockets; their recipients are deferred. Jobs not
   * yet started keep their state and stay due, so the next start sends them first. The spool
   * must stay open until this returns.
   */
  @Override
  public void close() {
    if (!running) return;
    running = false;
    timer.stop();
    Thread reader = recovery;
    if (reader != null) {
      try {
        reader.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    awaitWorkers(shutdownGrace);
    if (!workers.isEmpty()) {
      LOG.warn("{} delivery workers still busy after {}; interrupting them", workers.size(), shutdownGrace);
      for (Thread t : workers) t.interrupt();
      awaitWorkers(FORCED_STOP_WAIT);
    }
    for (DestinationQueue queue : destinations.values()) {
      for (DeliveryJob job : queue.drain()) recorder.abandon(job);
    }
  }

  private void awaitWorkers(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    for (Thread t : List.copyOf(workers)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return;
      try {
        t.join(Duration.ofNanos(left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** A message the timer found due: its envelope comes from the spool. */
  private void dispatch(QueuedMessage message) {
    if (message.isRemoved() || message.isHeld()) return;
    Envelope envelope;
    try {
      envelope = spool.envelope(message.queueId());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the envelope of " + message.queueId(), e);
    }
    if (envelope == null) {
      LOG.warn("{}: due but no longer in the spool; dropped from the queue", message.queueId());
      removed(message.queueId());
      return;
    }
    dispatch(message, envelope);
  }

  /** Puts a due message's pending recipients on their destinations' ready queues. */
  private void dispatch(QueuedMessage message, Envelope envelope) {
    List<Recipient> recipients = envelope.recipients();
    Map<Destination, List<Integer>> groups = new HashMap<>(2);
    Map<String, List<Integer>> unroutable = new HashMap<>(1);
    for (int i = 0; i < recipients.size(); i++) {
      Recipient r = recipients.get(i);
      if (r.state() != RecipientState.PENDING) continue;
      switch (resolver.resolve(envelope.account(), envelope.sender(), r.domain())) {
        case Resolution.Routed routed -> groups.computeIfAbsent(routed.destination(), d -> new ArrayList<>(1)).add(i);
        case Resolution.Unroutable u -> unroutable.computeIfAbsent(u.reason(), x -> new ArrayList<>(1)).add(i);
      }
    }
    int jobs = groups.size() + unroutable.size();
    if (jobs == 0) {
      LOG.warn("{}: due but has no pending recipient", envelope.queueId());
      return;
    }
    for (Destination destination : groups.keySet()) {
      DestinationQueue queue = queueFor(destination);
      if (queue.isFull()) {
        if (!message.isActive()) queue.park(message);
        return;
      }
    }
    if (!message.beginAttempt(envelope, jobs)) return;
    groups.forEach((destination, indexes) -> queueFor(destination)
        .offer(new DeliveryJob(message, envelope, destination, toArray(indexes))));
    unroutable.forEach((reason, indexes) -> recorder.recordAll(
        new DeliveryJob(message, envelope, null, toArray(indexes)),
        new RecipientOutcome.Deferred("4.3.5", reason), OutcomeRecorder.NO_RELAY, null, null));
  }

  /**
   * Loads parked messages of {@code queue} until it is full again or none is left. A message that
   * went back to the timer meanwhile (released after a hold) is left to the timer; one held,
   * removed or already in an attempt is skipped by the dispatch.
   */
  private void refill(DestinationQueue queue) {
    while (running && !queue.isFull()) {
      QueuedMessage message = queue.unpark();
      if (message == null) return;
      if (timer.dueAt(message) != null) continue;
      try {
        dispatch(message);
      } catch (RuntimeException e) {
        LOG.error("{}: loading a parked message failed; trying it again in a minute", message.queueId(), e);
        timer.schedule(message, clock.instant().plus(RETRY_AFTER_FAILURE));
      }
    }
  }

  private void removed(String queueId) {
    if (recovering) removedDuringRecovery.add(queueId);
    QueuedMessage message = messages.remove(queueId);
    if (message != null) message.markRemoved();
  }

  private DestinationQueue queueFor(Destination destination) {
    DestinationQueue queue = destinations.get(destination.name());
    if (queue != null) return queue;
    return destinations.computeIfAbsent(destination.name(), n -> new DestinationQueue(destination,
        delivery.connectionsPerDestination(), readyLimit, this::startWorker, this::refill));
  }

  private boolean startWorker(DestinationQueue queue) {
    if (!running) return false;
    ConnectionWorker worker = new ConnectionWorker(queue, clientSettings, spool, recorder, metrics, () -> running,
        delivery.messagesPerConnection(), delivery.idleTimeout());
    Thread.ofVirtual().name("outpost-delivery-" + queue.destination().name()).start(() -> {
      workers.add(Thread.currentThread());
      try {
        worker.run();
      } finally {
        workers.remove(Thread.currentThread());
      }
    });
    return true;
  }

  private static int[] toArray(List<Integer> indexes) {
    return indexes.stream().mapToInt(Integer::intValue).toArray();
  }
}
