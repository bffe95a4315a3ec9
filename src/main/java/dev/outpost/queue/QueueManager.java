package dev.outpost.queue;

import dev.outpost.bounce.BounceClassifier;
import dev.outpost.bounce.DsnBuilder;
import dev.outpost.config.DeliveryConfig;
import dev.outpost.config.OutpostConfig;
import dev.outpost.delivery.ClientSettings;
import dev.outpost.delivery.RecipientOutcome;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import dev.outpost.spool.RecipientState;
import dev.outpost.spool.Spool;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler between the spool and delivery. It knows every queued message by its envelope,
 * puts each due message's pending recipients on the ready queue of their destination, and runs
 * connection workers (virtual threads) that deliver from those queues. Deferred messages wait in
 * a timer index ordered by due time.
 *
 * <p>Lifecycle: construct, {@link #recover} (rebuild from the spool's envelopes), {@link #start},
 * then {@link #enqueue} each newly committed message; {@link #close} before closing the spool.
 *
 * <p>Thread-safety: every public method may be called from any thread. {@link #enqueue} takes no
 * global lock: a concurrent map insert, a route lookup and a per-destination queue offer.
 */
public final class QueueManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QueueManager.class);
  private static final Duration FORCED_STOP_WAIT = Duration.ofSeconds(2);

  private final Spool spool;
  private final Clock clock;
  private final DeliveryConfig delivery;
  private final ClientSettings clientSettings;
  private final Duration shutdownGrace;
  private final NextHopResolver resolver;
  private final RetryTimer timer;
  private final OutcomeRecorder recorder;
  private final ConcurrentHashMap<String, QueuedMessage> messages = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, DestinationQueue> destinations = new ConcurrentHashMap<>();
  private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
  private volatile boolean started;
  private volatile boolean running;

  /** Delivers as configured: {@code [[route]]} smarthosts first, MX hosts for every other domain. */
  public QueueManager(OutpostConfig config, Spool spool, Clock clock) {
    this(config, spool, clock, RoutesThenMx.of(config, clock));
  }

  /** With another resolver, such as static routes alone. */
  public QueueManager(OutpostConfig config, Spool spool, Clock clock, NextHopResolver resolver) {
    this.spool = spool;
    this.clock = clock;
    this.delivery = config.delivery();
    this.clientSettings = ClientSettings.from(config);
    this.shutdownGrace = config.server().shutdownGrace();
    this.resolver = resolver;
    this.timer = new RetryTimer(clock, this::dispatch);
    DeliveryNotices notices = new DeliveryNotices(spool, clock, new DsnBuilder(config.server().hostname(), clock),
        delivery.maxAge(), delivery.delayWarning(), this::enqueue);
    this.recorder = new OutcomeRecorder(spool, clock, delivery, timer, messages::remove,
        new BounceClassifier(config.bounce().extraRules()), notices);
  }

  /**
   * Rebuilds the schedule from the spool's envelopes (never their bodies): due messages go to
   * the ready queues, the others to the timer. Envelopes with no pending recipient, left by a
   * crash between the last update and the delete, are deleted. Call before {@link #start}.
   */
  public void recover() throws IOException {
    List<String> finished = new ArrayList<>();
    int[] count = new int[1];
    spool.forEachEnvelope(envelope -> {
      if (envelope.isFinished()) {
        finished.add(envelope.queueId());
      } else {
        enqueue(envelope);
        count[0]++;
      }
    });
    for (String id : finished) spool.delete(id);
    LOG.info("recovered {} queued messages; removed {} finished ones", count[0], finished.size());
  }

  /** Starts the retry timer and the workers for whatever is already ready. */
  public void start() {
    if (started) throw new IllegalStateException("already started");
    running = true;
    started = true;
    timer.start();
    for (DestinationQueue queue : destinations.values()) queue.startWorkerIfNeeded();
  }

  /**
   * Schedules a message just committed to the spool. Cheap and non-blocking; safe from any
   * thread. A message already known is ignored. After {@link #close}, the message stays in the
   * spool for the next start.
   */
  public void enqueue(Envelope envelope) {
    if (started && !running) return;
    QueuedMessage message = new QueuedMessage(envelope);
    if (messages.putIfAbsent(envelope.queueId(), message) != null) return;
    if (envelope.nextAttemptAt().isAfter(clock.instant())) {
      timer.schedule(message, envelope.nextAttemptAt());
    } else {
      dispatch(message);
    }
  }

  /** Makes every deferred message due now (a queue flush). */
  public void flush() {
    timer.expediteAll();
  }

  /** Every queued message, oldest first. Costs a walk over the queue; meant for the CLI and tests. */
  public List<QueueEntrySummary> snapshot() {
    List<QueueEntrySummary> entries = new ArrayList<>(messages.size());
    for (QueuedMessage m : messages.values()) {
      Envelope e = m.envelope();
      List<Recipient> pending = e.pending();
      String lastReply = pending.stream().map(Recipient::lastReply).filter(r -> r != null).findFirst().orElse(null);
      entries.add(new QueueEntrySummary(e.queueId(), e.sender(), e.receivedAt(), e.nextAttemptAt(),
          e.recipients().size(), pending.size(), m.isActive(), lastReply));
    }
    entries.sort(Comparator.comparing(QueueEntrySummary::receivedAt));
    return entries;
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

  /** Puts a due message's pending recipients on their destinations' ready queues. */
  private void dispatch(QueuedMessage message) {
    Envelope envelope = message.envelope();
    List<Recipient> recipients = envelope.recipients();
    Map<Destination, List<Integer>> groups = new HashMap<>(2);
    Map<String, List<Integer>> unroutable = new HashMap<>(1);
    for (int i = 0; i < recipients.size(); i++) {
      Recipient r = recipients.get(i);
      if (r.state() != RecipientState.PENDING) continue;
      switch (resolver.resolve(envelope.sender(), r.domain())) {
        case Resolution.Routed routed -> groups.computeIfAbsent(routed.destination(), d -> new ArrayList<>(1)).add(i);
        case Resolution.Unroutable u -> unroutable.computeIfAbsent(u.reason(), x -> new ArrayList<>(1)).add(i);
      }
    }
    int jobs = groups.size() + unroutable.size();
    if (jobs == 0) {
      LOG.warn("{}: due but has no pending recipient", envelope.queueId());
      return;
    }
    Envelope attempt = message.beginAttempt(jobs);
    groups.forEach((destination, indexes) -> queueFor(destination)
        .offer(new DeliveryJob(message, attempt, destination, toArray(indexes))));
    unroutable.forEach((reason, indexes) -> recorder.recordAll(
        new DeliveryJob(message, attempt, null, toArray(indexes)),
        new RecipientOutcome.Deferred("4.3.5", reason), OutcomeRecorder.NO_RELAY));
  }

  private DestinationQueue queueFor(Destination destination) {
    DestinationQueue queue = destinations.get(destination.name());
    if (queue != null) return queue;
    return destinations.computeIfAbsent(destination.name(),
        n -> new DestinationQueue(destination, delivery.connectionsPerDestination(), this::startWorker));
  }

  private boolean startWorker(DestinationQueue queue) {
    if (!running) return false;
    ConnectionWorker worker = new ConnectionWorker(queue, clientSettings, spool, recorder, () -> running,
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
