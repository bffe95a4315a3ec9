package dev.outpost.webhooks;

import dev.outpost.config.DurationFormat;
import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.EventQuery;
import dev.outpost.events.EventStore;
import dev.outpost.webhooks.WebhookDelivery.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one webhook's events, in order, on its own virtual thread: reads the next batch after
 * the webhook's cursor, POSTs it, and records the outcome and the new state together. The cursor
 * moves only on a 2xx, or past events older than {@code max_age} that still fail; a failure
 * otherwise waits out the backoff and sends the same events again. So every event is delivered at
 * least once, in the order of its id, and only a crash between the receiver's 2xx and the record
 * of it sends a batch twice.
 *
 * <p>{@link #step} is one attempt, and the tests drive it directly under a manual clock;
 * {@link #run} repeats it, sleeping until a retry is due or, when there is nothing to send, until
 * {@link #wake} says new events were stored.
 */
final class EndpointWorker implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(EndpointWorker.class);

  private final WebhookStore store;
  private final EventStore events;
  private final WebhookSender sender;
  private final Delivery settings;
  private final Clock clock;
  private final RandomGenerator random;
  private final Supplier<String> deliveryIds;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  /** Written by the worker thread only; read by {@link #backlog} from others. */
  private volatile Webhook webhook;
  /** Set by {@link #wake}, cleared when the worker looks for events; guarded by {@link #lock}. */
  private boolean woken;
  private volatile boolean stopped;

  /** What a worker needs from {@code [webhooks]}, and how often it looks without being woken. */
  record Delivery(Backoff backoff, Duration maxAge, int batchSize, Duration idlePoll) {}

  EndpointWorker(Webhook webhook, WebhookStore store, EventStore events, WebhookSender sender, Delivery settings,
      Clock clock, RandomGenerator random, Supplier<String> deliveryIds) {
    this.webhook = webhook;
    this.store = store;
    this.events = events;
    this.sender = sender;
    this.settings = settings;
    this.clock = clock;
    this.random = random;
    this.deliveryIds = deliveryIds;
  }

  Webhook webhook() {
    return webhook;
  }

  /** The events this webhook has still to receive. */
  long backlog() {
    return events.count(after(webhook));
  }

  private EventQuery after(Webhook w) {
    return EventQuery.all()
        .withAccount(w.account())
        .withTypes(w.eventTypes())
        .withOrder(EventQuery.Order.OLDEST_FIRST)
        .withLimit(settings.batchSize())
        .withCursor(EventQuery.cursorAfter(w.state().lastEventId()));
  }

  /**
   * One attempt, if one is due: returns when to step again (now after a delivery, since more may
   * be waiting; the retry time after a failure), or null when there was nothing to send or the
   * webhook is gone.
   */
  Instant step() {
    Webhook w = webhook;
    Instant now = clock.instant();
    DeliveryState state = w.state();
    if (state.nextAttemptAt() != null && now.isBefore(state.nextAttemptAt())) return state.nextAttemptAt();
    // Read before the batch, so that every event up to it is visible to the read of the batch.
    long newest = events.newestId();
    List<DeliveryEvent> batch = events.find(after(w)).events();
    // A batch that is not full holds every event this webhook wants up to the newest one, so the
    // cursor may pass the others in between (other accounts', unwanted types) instead of their
    // being read again on every look. Without events to send, that is kept in memory only.
    boolean whole = batch.size() < settings.batchSize();
    if (batch.isEmpty()) {
      if (newest > state.lastEventId()) {
        webhook = w.withState(new DeliveryState(newest, state.failures(), state.nextAttemptAt()));
      }
      return null;
    }
    String deliveryId = deliveryIds.get();
    WebhookSender.Result result = sender.post(w, deliveryId, WebhookPayload.events(w.id(), deliveryId, batch));
    // A POST cut short by shutdown is not a failure of the endpoint: the events go again at start.
    if (stopped && !result.delivered()) return null;
    int attempt = state.failures() + 1;
    long first = batch.get(0).id();
    long last = batch.get(batch.size() - 1).id();
    WebhookDelivery entry;
    DeliveryState after;
    if (result.delivered()) {
      after = DeliveryState.after(whole ? Math.max(last, newest) : last);
      entry = entry(deliveryId, w, now, Outcome.DELIVERED, first, last, batch.size(), result, attempt, null);
    } else {
      int expired = expired(batch, now.minus(settings.maxAge()));
      if (expired > 0) {
        long lastExpired = batch.get(expired - 1).id();
        // The next events get their own try at once; the failure count stays, so that if they
        // fail too they wait the long backoff that this endpoint has earned.
        after = new DeliveryState(lastExpired, attempt, null);
        entry = entry(deliveryId, w, now, Outcome.SKIPPED, first, lastExpired, expired, result, attempt, null);
        LOG.warn("webhook {} ({}) of account {}: gave up on {} events (ids {} to {}) still failing after {}: {}",
            w.id(), w.url(), w.account(), expired, first, lastExpired, DurationFormat.format(settings.maxAge()),
            result.error());
      } else {
        Instant retry = now.plus(settings.backoff().after(attempt, random));
        after = new DeliveryState(state.lastEventId(), attempt, retry);
        entry = entry(deliveryId, w, now, Outcome.FAILED, first, last, batch.size(), result, attempt, retry);
        LOG.info("webhook {} ({}): attempt {} for {} events failed: {}; next at {}", w.id(), w.url(), attempt,
            batch.size(), result.error(), retry);
      }
    }
    if (!store.record(entry, after)) {
      stopped = true;
      return null;
    }
    webhook = w.withState(after);
    return after.nextAttemptAt() == null ? now : after.nextAttemptAt();
  }

  /** How many events at the start of the batch happened before {@code cutoff}. */
  private static int expired(List<DeliveryEvent> batch, Instant cutoff) {
    int n = 0;
    while (n < batch.size() && batch.get(n).time().isBefore(cutoff)) n++;
    return n;
  }

  private static WebhookDelivery entry(String id, Webhook w, Instant at, Outcome outcome, long first, long last,
      int count, WebhookSender.Result result, int attempt, Instant retry) {
    return new WebhookDelivery(id, w.id(), at, outcome, first, last, count, result.status(), result.error(),
        result.duration(), attempt, retry);
  }

  @Override
  public void run() {
    while (!stopped) {
      Instant next;
      try {
        next = step();
      } catch (RuntimeException e) {
        // The state database failing, most likely; the same events are read again later.
        LOG.error("webhook {}: delivery failed; trying again in {}", webhook.id(), settings.backoff().min(), e);
        next = clock.instant().plus(settings.backoff().min());
      }
      if (stopped) return;
      if (next == null) {
        awaitEvents();
      } else {
        awaitUntil(next);
      }
    }
  }

  /** New events may be there for this webhook: an idle worker looks at once. */
  void wake() {
    lock.lock();
    try {
      woken = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Ends {@link #run} soon: at once when it waits, after the POST when it sends. */
  void stop() {
    stopped = true;
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void awaitEvents() {
    lock.lock();
    try {
      long left = settings.idlePoll().toNanos();
      while (!woken && !stopped && left > 0) left = changed.awaitNanos(left);
      woken = false;
    } catch (InterruptedException e) {
      stopped = true;
    } finally {
      lock.unlock();
    }
  }

  /** Sleeps until {@code time} by the clock; new events do not cut a backoff short. */
  private void awaitUntil(Instant time) {
    lock.lock();
    try {
      long left = TimeUnit.MILLISECONDS.toNanos(Duration.between(clock.instant(), time).toMillis());
      while (!stopped && left > 0) left = changed.awaitNanos(left);
    } catch (InterruptedException e) {
      stopped = true;
    } finally {
      lock.unlock();
    }
  }
}
