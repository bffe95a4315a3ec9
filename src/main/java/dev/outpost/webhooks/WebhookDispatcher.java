package dev.outpost.webhooks;

import dev.outpost.config.DurationFormat;
import dev.outpost.config.WebhooksConfig;
import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.EventStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link EndpointWorker} per webhook, each on its own virtual thread, from the state
 * persisted in the {@link WebhookStore}: after a restart every webhook resumes at its cursor and
 * honours its pending retry time. The event log's listener ({@link #eventsStored}) wakes the
 * workers whose webhooks want the new events, so delivery follows within moments without fast
 * polling; an idle worker also looks every {@value #IDLE_POLL_SECONDS} seconds, for events stored
 * by another process.
 *
 * <p>A housekeeping thread compares the running workers with the store every
 * {@value #IDLE_POLL_SECONDS} seconds (so a webhook gone with its account, or added elsewhere, is
 * noticed) and once a day deletes delivery log entries older than the event retention.
 */
public final class WebhookDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  static final long IDLE_POLL_SECONDS = 30;
  private static final Duration PURGE_INTERVAL = Duration.ofDays(1);
  /** How long {@link #close} lets POSTs in flight finish before it interrupts them. */
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

  private final WebhookStore store;
  private final EventStore events;
  private final WebhookSender sender;
  private final EndpointWorker.Delivery settings;
  private final Duration logRetention;
  private final Clock clock;
  private final RandomGenerator random;
  private final Map<String, Running> workers = new ConcurrentHashMap<>();
  private final ReentrantLock housekeepingLock = new ReentrantLock();
  private final Condition closing = housekeepingLock.newCondition();
  private final Thread housekeeping;
  private volatile boolean closed;

  private record Running(EndpointWorker worker, Thread thread) {}

  private WebhookDispatcher(WebhookStore store, EventStore events, WebhookSender sender,
      EndpointWorker.Delivery settings, Duration logRetention, Clock clock, RandomGenerator random) {
    this.store = store;
    this.events = events;
    this.sender = sender;
    this.settings = settings;
    this.logRetention = logRetention;
    this.clock = clock;
    this.random = random;
    this.housekeeping = Thread.ofVirtual().name("outpost-webhooks").unstarted(this::housekeep);
  }

  /**
   * Starts a worker for every stored webhook, and the housekeeping.
   *
   * @param logRetention how long delivery log entries are kept: the event retention
   * @param userAgent the {@code User-Agent} of every POST
   */
  public static WebhookDispatcher start(WebhookStore store, EventStore events, WebhooksConfig config,
      Duration logRetention, Clock clock, String userAgent) {
    WebhookDispatcher dispatcher = new WebhookDispatcher(store, events,
        new WebhookSender(config.timeout(), clock, userAgent),
        new EndpointWorker.Delivery(new Backoff(config.backoffMin(), config.backoffMax()), config.maxAge(),
            config.batchSize(), Duration.ofSeconds(IDLE_POLL_SECONDS)),
        logRetention, clock, new SecureRandom());
    List<Webhook> webhooks = store.list(null);
    for (Webhook w : webhooks) dispatcher.added(w);
    if (!webhooks.isEmpty()) LOG.info("delivering events to {} webhook(s)", webhooks.size());
    dispatcher.housekeeping.start();
    return dispatcher;
  }

  /** Starts delivering to a webhook just stored; nothing if it runs already or this is closed. */
  public void added(Webhook webhook) {
    if (closed) return;
    workers.computeIfAbsent(webhook.id(), id -> {
      EndpointWorker worker = new EndpointWorker(webhook, store, events, sender, settings, clock, random,
          WebhookIds::delivery);
      Thread thread = Thread.ofVirtual().name("outpost-webhook-" + id).start(worker);
      return new Running(worker, thread);
    });
  }

  /** Stops delivering to a webhook just deleted; a POST in flight finishes but is not recorded. */
  public void removed(String webhookId) {
    Running running = workers.remove(webhookId);
    if (running != null) running.worker().stop();
  }

  /** The event log's listener: wakes the workers whose webhooks want any of these events. */
  public void eventsStored(List<DeliveryEvent> stored) {
    for (Running running : workers.values()) {
      Webhook w = running.worker().webhook();
      for (DeliveryEvent e : stored) {
        if (w.wants(e)) {
          running.worker().wake();
          break;
        }
      }
    }
  }

  /**
   * The events each webhook has still to receive, by webhook id: for a metrics gauge. Each call
   * counts them in the event store (one indexed count per webhook), so a scrape should call it
   * once.
   */
  public Map<String, Long> backlog() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Map.Entry<String, Running> e : workers.entrySet()) out.put(e.getKey(), e.getValue().worker().backlog());
    return out;
  }

  /** The events one webhook has still to receive, or -1 when it is not being delivered. */
  public long backlog(String webhookId) {
    Running running = workers.get(webhookId);
    return running == null ? -1 : running.worker().backlog();
  }

  /**
   * POSTs a signed body with no events and {@code "test": true} to the webhook now, records it in
   * the delivery log (changing nothing else) and returns the entry.
   */
  public WebhookDelivery test(Webhook webhook) {
    String deliveryId = WebhookIds.delivery();
    Instant at = clock.instant();
    WebhookSender.Result result = sender.post(webhook, deliveryId, WebhookPayload.test(webhook.id(), deliveryId));
    WebhookDelivery entry = new WebhookDelivery(deliveryId, webhook.id(), at, WebhookDelivery.Outcome.TEST, 0, 0, 0,
        result.status(), result.error(), result.duration(), 1, null);
    store.record(entry, null);
    return entry;
  }

  private void housekeep() {
    Instant nextPurge = Instant.MIN;
    while (!closed) {
      try {
        reconcile();
        Instant now = clock.instant();
        if (!now.isBefore(nextPurge)) {
          nextPurge = now.plus(PURGE_INTERVAL);
          long deleted = store.purgeDeliveriesBefore(now.minus(logRetention));
          if (deleted > 0) {
            LOG.info("webhooks: deleted {} delivery log entries older than {}", deleted,
                DurationFormat.format(logRetention));
          }
        }
      } catch (RuntimeException e) {
        LOG.error("webhooks: housekeeping failed; trying again in {}s", IDLE_POLL_SECONDS, e);
      }
      housekeepingLock.lock();
      try {
        if (!closed) closing.await(IDLE_POLL_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      } finally {
        housekeepingLock.unlock();
      }
    }
  }

  /**
   * Starts workers for webhooks stored elsewhere, and stops those whose webhook is gone. Each
   * difference from the listing is looked up again before it is acted on, since the API may have
   * added or deleted the webhook since the listing was read.
   */
  private void reconcile() {
    Set<String> stored = new HashSet<>();
    for (Webhook w : store.list(null)) {
      stored.add(w.id());
      if (!workers.containsKey(w.id())) store.find(w.id()).ifPresent(this::added);
    }
    for (String id : Set.copyOf(workers.keySet())) {
      if (!stored.contains(id) && store.find(id).isEmpty()) removed(id);
    }
  }

  /** Stops every worker, letting POSTs in flight finish for a few seconds. Safe to call twice. */
  @Override
  public void close() {
    closed = true;
    housekeepingLock.lock();
    try {
      closing.signalAll();
    } finally {
      housekeepingLock.unlock();
    }
    List<Running> running = List.copyOf(workers.values());
    workers.clear();
    for (Running r : running) r.worker().stop();
    long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
    try {
      for (Running r : running) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !r.thread().join(Duration.ofNanos(left))) r.thread().interrupt();
      }
      for (Running r : running) r.thread().join(CLOSE_GRACE);
      housekeeping.join(CLOSE_GRACE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sender.close();
  }
}
