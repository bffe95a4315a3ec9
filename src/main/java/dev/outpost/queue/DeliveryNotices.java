package dev.outpost.queue;

import dev.outpost.bounce.DsnAction;
import dev.outpost.bounce.DsnBuilder;
import dev.outpost.bounce.DsnMessage;
import dev.outpost.bounce.DsnPolicy;
import dev.outpost.bounce.DsnRecipient;
import dev.outpost.bounce.DsnReport;
import dev.outpost.delivery.RecipientOutcome;
import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.EventSink;
import dev.outpost.events.MailLog;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.QueueIds;
import dev.outpost.spool.Recipient;
import dev.outpost.spool.RecipientState;
import dev.outpost.spool.Spool;
import dev.outpost.spool.SpoolWriter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DSNs an attempt causes (RFC 3464): one failure DSN for the recipients it failed, one
 * "relayed" DSN for those delivered with NOTIFY=SUCCESS, and the message's one delay DSN. Each
 * is committed to the spool as a new message from the null sender {@code <>} to the original
 * sender and enqueued like any other, so it is retried, expires and survives restarts the same
 * way; and since its sender is null, nothing it meets causes a further DSN.
 *
 * <p>Called by the job that ends an attempt, before the original leaves the spool, since the DSN
 * returns part of the original. A DSN is committed before the original's new state: a crash in
 * between at worst sends it twice, never loses it.
 */
final class DeliveryNotices {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryNotices.class);

  private final Spool spool;
  private final Clock clock;
  private final DsnBuilder builder;
  private final Duration maxAge;
  private final Duration delayWarning;
  private final Consumer<Envelope> enqueue;
  private final EventSink events;
  private final QueueIds ids = new QueueIds();

  DeliveryNotices(Spool spool, Clock clock, DsnBuilder builder, Duration maxAge, Duration delayWarning,
      Consumer<Envelope> enqueue, EventSink events) {
    this.spool = spool;
    this.clock = clock;
    this.builder = builder;
    this.maxAge = maxAge;
    this.delayWarning = delayWarning;
    this.enqueue = enqueue;
    this.events = events;
  }

  /**
   * Queues the DSNs the finished attempt calls for.
   *
   * @param before the envelope the attempt started from
   * @param after the recipients as the attempt left them, by index
   * @param results what the attempt did for each recipient, by index; null where it did nothing
   * @return when the message's delay DSN was sent: {@code before}'s time, now, or null
   */
  Instant afterAttempt(Envelope before, List<Recipient> after, List<AttemptResult> results) {
    Instant now = clock.instant();
    List<DsnRecipient> failed = new ArrayList<>();
    List<DsnRecipient> relayed = new ArrayList<>();
    List<DsnRecipient> delayed = new ArrayList<>();
    Duration age = Duration.between(before.receivedAt(), now);
    for (int i = 0; i < after.size(); i++) {
      AttemptResult result = results.get(i);
      Recipient r = after.get(i);
      if (result == null) continue;
      switch (result.outcome()) {
        case RecipientOutcome.Failed f -> {
          if (r.state() == RecipientState.FAILED && DsnPolicy.reportsFailure(before, r)) failed.add(report(r, result, now));
        }
        case RecipientOutcome.Delivered d -> {
          if (DsnPolicy.reportsSuccess(before, r)) relayed.add(report(r, result, now));
        }
        case RecipientOutcome.Deferred d -> {
          if (DsnPolicy.reportsDelay(before, r, age, delayWarning)) delayed.add(report(r, result, now));
        }
      }
    }
    if (!failed.isEmpty()) send(new DsnReport(DsnAction.FAILED, before, failed, null));
    if (!relayed.isEmpty()) send(new DsnReport(DsnAction.RELAYED, before, relayed, null));
    if (!delayed.isEmpty()) {
      DsnReport delay = new DsnReport(DsnAction.DELAYED, before, delayed, before.receivedAt().plus(maxAge));
      if (send(delay)) return now;
    }
    return before.delayWarningSentAt();
  }

  private static DsnRecipient report(Recipient r, AttemptResult result, Instant now) {
    RecipientOutcome o = result.outcome();
    return new DsnRecipient(r.address(), r.orcpt(), o.dsn(), o.detail(), DsnRecipient.remoteMtaOf(result.relay()),
        result.category(), now);
  }

  /** Builds, stores and enqueues one DSN; false when it could not be stored (it is logged). */
  private boolean send(DsnReport report) {
    Envelope original = report.original();
    String id = ids.next();
    try {
      DsnMessage dsn = builder.build(report, id, () -> spool.openBody(original.queueId()));
      Instant now = clock.instant();
      byte[] content = dsn.content();
      Envelope envelope = new Envelope(id, "", List.of(Recipient.pending(dsn.recipient(), Set.of(), null)), now,
          null, null, dsn.smtpUtf8(), dsn.smtpUtf8() ? Envelope.BodyType.EIGHT_BITMIME : Envelope.BodyType.SEVEN_BIT,
          null, null, new byte[0], content.length, now);
      try (SpoolWriter writer = spool.begin(id)) {
        writer.write(content, 0, content.length);
        writer.commit(envelope);
      }
      MailLog.dsnSent(original.queueId(), id, report.action().logName());
      // One event per recipient reported on, so that a recipient's events show the notice too.
      for (DsnRecipient r : report.recipients()) {
        events.record(DeliveryEvent.of(DeliveryEvent.Type.DSN_SENT, now).message(original).recipient(r.address())
            .reply(report.action().logName() + ": " + id, r.status()).category(r.category()).build());
      }
      enqueue.accept(envelope);
      return true;
    } catch (IOException e) {
      LOG.error("{}: cannot queue the {} for {} recipients: {}", original.queueId(), report.action().logName(),
          report.recipients().size(), e.toString());
      return false;
    }
  }
}
