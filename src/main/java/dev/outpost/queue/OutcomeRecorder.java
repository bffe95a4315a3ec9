package dev.outpost.queue;

import dev.outpost.bounce.BounceCategory;
import dev.outpost.bounce.BounceClassifier;
import dev.outpost.config.DeliveryConfig;
import dev.outpost.delivery.DeliveryReport;
import dev.outpost.delivery.RecipientOutcome;
import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.EventSink;
import dev.outpost.events.MailLog;
import dev.outpost.metrics.OutpostMetrics;
import dev.outpost.metrics.SiteMeters;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import dev.outpost.spool.RecipientState;
import dev.outpost.spool.Spool;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns delivery outcomes into queue state: recipient states in the envelope, one mail log line
 * and one event per recipient with the bounce category of a deferral or failure (a hard one also
 * goes to the {@link HardBounceListener}), and at the end of an attempt
 * the DSNs it causes ({@link DeliveryNotices}), then either {@code spool.delete} (nobody pending)
 * or {@code spool.update} with the next attempt time plus a timer entry.
 *
 * <p>A deferral of a message older than {@code delivery.max_age} becomes a failure. An operator's
 * delete ({@link #deleteByOperator}) fails the pending recipients the same way, with a failure DSN
 * when asked for. Thread-safe: called from any delivery worker; per-message state is guarded by
 * the {@link QueuedMessage}, whose monitor is held while its envelope is rewritten.
 */
final class OutcomeRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(OutcomeRecorder.class);
  static final String NO_RELAY = "none";
  static final String DELETED_BY_OPERATOR = "deleted by the operator";

  private final Spool spool;
  private final Clock clock;
  private final DeliveryConfig config;
  private final RetryTimer timer;
  private final Consumer<String> removed;
  private final BounceClassifier classifier;
  private final DeliveryNotices notices;
  private final DestinationDeferrals deferrals;
  private final HardBounceListener hardBounces;
  private final EventSink events;
  private final OutpostMetrics metrics;

  OutcomeRecorder(Spool spool, Clock clock, DeliveryConfig config, RetryTimer timer, Consumer<String> removed,
      BounceClassifier classifier, DeliveryNotices notices, DestinationDeferrals deferrals,
      HardBounceListener hardBounces, EventSink events, OutpostMetrics metrics) {
    this.spool = spool;
    this.clock = clock;
    this.config = config;
    this.timer = timer;
    this.removed = removed;
    this.classifier = classifier;
    this.notices = notices;
    this.deferrals = deferrals;
    this.hardBounces = hardBounces;
    this.events = events;
    this.metrics = metrics;
  }

  /**
   * @param site the shaping site the connection counted against, or null when unshaped
   * @param sourceIp the local address of the connection
   */
  void record(DeliveryJob job, DeliveryReport report, String site, String sourceIp) {
    record(job, report.outcomes(), report.relay(), site, sourceIp);
  }

  /**
   * Every recipient of the job gets the same outcome (a connection failure, no route, ...).
   *
   * @param site the shaping site of the destination, or null when unshaped or not yet known
   * @param sourceIp the local address of the connection, or null when none was made
   */
  void recordAll(DeliveryJob job, RecipientOutcome outcome, String relay, String site, String sourceIp) {
    record(job, Collections.nCopies(job.indexes().length, outcome), relay, site, sourceIp);
  }

  /**
   * The job was never attempted (shutdown): its recipients keep their state. If the attempt's
   * other jobs changed something, that is still persisted.
   */
  void abandon(DeliveryJob job) {
    int n = job.indexes().length;
    if (job.message().record(job.indexes(), new Recipient[n], new AttemptResult[n])) finish(job.message(), true);
  }

  /**
   * The destination of {@code queue} is down and its ready jobs were deferred: its parked
   * messages wait as long as a first retry would, rather than each being loaded only to find it
   * down. They were not attempted, so their envelopes and attempt counts stay as they are.
   */
  void postponeParked(DestinationQueue queue, String reason) {
    Instant next = clock.instant().plus(config.retryDelay(1));
    int count = 0;
    for (QueuedMessage message = queue.unpark(); message != null; message = queue.unpark()) {
      synchronized (message) {
        if (message.isRemoved() || message.isHeld() || message.isActive() || timer.dueAt(message) != null) continue;
        timer.schedule(message, next);
        count++;
      }
    }
    if (count > 0) {
      LOG.info("{} parked messages to {} wait until {}: {}", count, queue.destination().name(), next, reason);
    }
  }

  private void record(DeliveryJob job, List<RecipientOutcome> outcomes, String relay, String site,
      String sourceIp) {
    SiteMeters meters = metrics.site(metricsSite(job.destination(), site));
    Envelope envelope = job.envelope();
    Instant now = clock.instant();
    Duration age = Duration.between(envelope.receivedAt(), now);
    boolean expired = age.compareTo(config.maxAge()) >= 0;
    Recipient[] updated = new Recipient[job.indexes().length];
    AttemptResult[] results = new AttemptResult[updated.length];
    for (int k = 0; k < updated.length; k++) {
      Recipient r = envelope.recipients().get(job.indexes()[k]);
      RecipientOutcome outcome = outcomes.get(k);
      if (outcome instanceof RecipientOutcome.Deferred d && expired) {
        outcome = new RecipientOutcome.Failed("5.4.7",
            "expired after " + human(config.maxAge()) + " in the queue: last reply " + d.detail());
      }
      String id = envelope.queueId();
      String sender = envelope.sender();
      BounceCategory category = null;
      switch (outcome) {
        case RecipientOutcome.Delivered d -> {
          updated[k] = r.attempted(RecipientState.DELIVERED, d.detail());
          results[k] = new AttemptResult(d, relay, null);
          MailLog.delivered(id, sender, r.address(), relay, age, d.dsn(), d.detail());
          meters.delivered(age);
          if (job.destination() != null) deferrals.delivered(job.destination().name());
        }
        case RecipientOutcome.Deferred d -> {
          category = classifier.classify(d.dsn(), d.detail());
          updated[k] = r.attempted(RecipientState.PENDING, d.detail());
          results[k] = new AttemptResult(d, relay, category);
          MailLog.deferred(id, sender, r.address(), relay, age, d.dsn(), category.id(), d.detail());
          meters.deferred(category);
          if (job.destination() != null) deferrals.deferred(job.destination().name(), d.detail(), now);
        }
        case RecipientOutcome.Failed f -> {
          category = classifier.classify(f.dsn(), f.detail());
          updated[k] = r.attempted(RecipientState.FAILED, f.detail());
          results[k] = new AttemptResult(f, relay, category);
          MailLog.failed(id, sender, r.address(), relay, age, f.dsn(), category.id(), f.detail());
          meters.bounced(category);
          if (category.hard()) hardBounces.hardBounce(r.address(), category, f.detail());
        }
      }
      events.record(DeliveryEvent.of(eventType(outcome), now).message(envelope).recipient(r.address())
          .remote(relay, outcome.detail(), outcome.dsn()).category(category).via(site, sourceIp).build());
    }
    if (job.message().record(job.indexes(), updated, results)) finish(job.message(), false);
  }

  /**
   * The site outcomes are counted under in the metrics (see {@link SiteMeters}): the shaping site,
   * else a smarthost's address, else {@value SiteMeters#NONE}.
   *
   * @param destination null for recipients no route leads to
   * @param site the shaping site, or null
   */
  static String metricsSite(Destination destination, String site) {
    if (site != null) return site;
    if (destination instanceof SmarthostDestination smarthost) return smarthost.host().toString();
    return SiteMeters.NONE;
  }

  /**
   * Persists the end of an attempt. Only the job that completed the attempt gets here. The
   * message's monitor is held throughout, so that an operator's hold or delete cannot slip between
   * reading its flag and writing the envelope; a hold that arrived during the attempt is persisted
   * here and keeps the message out of the timer.
   *
   * @param stopping the queue is shutting down: keep the message due now rather than pushing it
   *     back by a retry delay, since it was not fully attempted
   */
  private void finish(QueuedMessage message, boolean stopping) {
    synchronized (message) {
      Envelope before = message.attemptEnvelope();
      boolean held = message.isHeld();
      if (stopping && !message.changed()) {
        if (held != before.held()) persist(before.withHeld(held));
        message.settle(before.withHeld(held));
        return;
      }
      List<Recipient> recipients = message.recipients();
      Instant warned = notices.afterAttempt(before, recipients, message.results());
      if (!Objects.equals(warned, before.delayWarningSentAt())) before = before.withDelayWarningSentAt(warned);
      Instant now = clock.instant();
      String id = before.queueId();
      boolean pending = recipients.stream().anyMatch(r -> r.state() == RecipientState.PENDING);
      if (!pending) {
        message.settle(before.withRecipients(recipients, before.nextAttemptAt()));
        remove(id);
        return;
      }
      int attempts = recipients.stream().filter(r -> r.state() == RecipientState.PENDING)
          .mapToInt(Recipient::attempts).max().orElse(1);
      Instant next = stopping ? now : now.plus(config.retryDelay(attempts));
      Envelope after = before.withRecipients(recipients, next).withHeld(held);
      message.settle(after);
      persist(after);
      if (!stopping && !held) timer.schedule(message, next);
    }
  }

  /**
   * Removes a message an operator deleted: every pending recipient fails with
   * {@value #DELETED_BY_OPERATOR} in the mail log and, with {@code bounce}, in a failure DSN to
   * the sender (as NOTIFY allows). The caller holds the message's monitor and has checked that
   * no attempt is open.
   *
   * @param envelope the message's envelope as stored
   */
  void deleteByOperator(QueuedMessage message, Envelope envelope, boolean bounce) {
    List<Recipient> before = envelope.recipients();
    Recipient[] after = before.toArray(Recipient[]::new);
    AttemptResult[] results = new AttemptResult[after.length];
    var outcome = new RecipientOutcome.Failed("5.0.0", DELETED_BY_OPERATOR);
    BounceCategory category = classifier.classify(outcome.dsn(), outcome.detail());
    for (int i = 0; i < after.length; i++) {
      Recipient r = before.get(i);
      if (r.state() != RecipientState.PENDING) continue;
      after[i] = new Recipient(r.address(), r.notifyOn(), r.orcpt(), RecipientState.FAILED, r.attempts(),
          DELETED_BY_OPERATOR);
      results[i] = new AttemptResult(outcome, NO_RELAY, category);
      MailLog.failed(envelope.queueId(), envelope.sender(), r.address(), NO_RELAY,
          Duration.between(envelope.receivedAt(), clock.instant()), outcome.dsn(), category.id(), outcome.detail());
      events.record(DeliveryEvent.of(DeliveryEvent.Type.BOUNCED, clock.instant()).message(envelope)
          .recipient(r.address()).remote(NO_RELAY, outcome.detail(), outcome.dsn()).category(category).build());
      metrics.site(SiteMeters.NONE).bounced(category);
    }
    if (bounce) notices.afterAttempt(envelope, List.of(after), Arrays.asList(results));
    message.markRemoved();
    remove(envelope.queueId());
  }

  private static DeliveryEvent.Type eventType(RecipientOutcome outcome) {
    return switch (outcome) {
      case RecipientOutcome.Delivered d -> DeliveryEvent.Type.DELIVERED;
      case RecipientOutcome.Deferred d -> DeliveryEvent.Type.DEFERRED;
      case RecipientOutcome.Failed f -> DeliveryEvent.Type.BOUNCED;
    };
  }

  private void remove(String id) {
    try {
      spool.delete(id);
    } catch (IOException e) {
      LOG.error("{}: cannot remove the message from the spool: {}", id, e.toString());
    }
    removed.accept(id);
    MailLog.removed(id);
  }

  private void persist(Envelope after) {
    try {
      spool.update(after);
    } catch (IOException e) {
      // The in-memory schedule still retries; after a restart the older envelope at worst
      // repeats a delivery, which the spool contract allows.
      LOG.error("{}: cannot record the delivery attempt in the spool: {}", after.queueId(), e.toString());
    }
  }

  /** "5 days", "3 hours", "90 minutes", "45 seconds": how max_age reads in a bounce. */
  static String human(Duration d) {
    long s = d.toSeconds();
    if (s % 86_400 == 0) return plural(s / 86_400, "day");
    if (s % 3_600 == 0) return plural(s / 3_600, "hour");
    if (s % 60 == 0) return plural(s / 60, "minute");
    return plural(s, "second");
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
