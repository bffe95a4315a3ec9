package dev.outpost.queue;

import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import dev.outpost.spool.Spool;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an operator sees of the queue and may do to it ({@code outpost queue}): a summary by
 * destination, the list of messages, one message in full, and retry, hold, release and delete.
 *
 * <p>Views walk the in-memory queue, which holds no envelopes; {@link #list} and {@link #show}
 * read the envelopes of the messages they return from the spool, never any body. Actions on one
 * message take its monitor, as the end of an attempt does, so a hold, release or delete never
 * interleaves with the attempt's write of the envelope. A hold persists in the envelope and so
 * survives a restart; a message held during an attempt finishes that attempt and then waits.
 */
public final class QueueAdministration {
  private static final Comparator<QueuedMessage> OLDEST_FIRST =
      Comparator.comparing(QueuedMessage::receivedAt).thenComparing(QueuedMessage::queueId);

  private final Spool spool;
  private final Clock clock;
  private final RetryTimer timer;
  private final OutcomeRecorder recorder;
  private final NextHopResolver resolver;
  private final ConcurrentHashMap<String, QueuedMessage> messages;
  private final ConcurrentHashMap<String, DestinationQueue> destinations;
  private final DestinationDeferrals deferrals;

  QueueAdministration(Spool spool, Clock clock, RetryTimer timer, OutcomeRecorder recorder, NextHopResolver resolver,
      ConcurrentHashMap<String, QueuedMessage> messages, ConcurrentHashMap<String, DestinationQueue> destinations,
      DestinationDeferrals deferrals) {
    this.spool = spool;
    this.clock = clock;
    this.timer = timer;
    this.recorder = recorder;
    this.resolver = resolver;
    this.messages = messages;
    this.destinations = destinations;
    this.deferrals = deferrals;
  }

  /** Every destination with queued messages or ready jobs, the most messages first. */
  public List<DestinationSummary> summary() {
    Map<String, String> destinationOfDomain = new HashMap<>();
    Map<String, Tally> tallies = new HashMap<>();
    for (QueuedMessage m : messages.values()) {
      boolean held;
      boolean active;
      List<String> domains;
      synchronized (m) {
        held = m.isHeld();
        active = m.isActive();
        domains = m.domains();
      }
      boolean waiting = !held && !active && timer.dueAt(m) != null;
      // Two domains may share a destination (a smarthost); the message counts there once.
      Set<String> names = new HashSet<>(2);
      for (String domain : domains) names.add(destinationOfDomain.computeIfAbsent(domain, this::destinationName));
      for (String name : names) tallies.computeIfAbsent(name, n -> new Tally()).add(m.receivedAt(), held, active, waiting);
    }
    destinations.forEach((name, queue) -> {
      DestinationStatus status = queue.status();
      if (status.ready() > 0 || tallies.containsKey(name)) {
        Tally t = tallies.computeIfAbsent(name, n -> new Tally());
        t.ready = status.ready();
        t.connections = status.connections();
      }
    });
    List<DestinationSummary> out = new ArrayList<>(tallies.size());
    tallies.forEach((name, t) -> out.add(new DestinationSummary(name, t.messages, t.oldest, t.ready, t.deferred,
        t.held, t.active, t.connections, deferrals.of(name))));
    out.sort(Comparator.comparingInt(DestinationSummary::messages).reversed()
        .thenComparing(DestinationSummary::destination));
    return out;
  }

  /**
   * Totals by state over the whole queue: one pass over the in-memory messages, with no envelope
   * read and no routing, so it is cheap enough for every metrics scrape.
   */
  public QueueCounts counts() {
    int messages = 0;
    int active = 0;
    int held = 0;
    for (QueuedMessage m : this.messages.values()) {
      messages++;
      synchronized (m) {
        if (m.isActive()) active++;
        else if (m.isHeld()) held++;
      }
    }
    int ready = 0;
    int connections = 0;
    for (DestinationQueue queue : destinations.values()) {
      DestinationStatus status = queue.status();
      ready += status.ready();
      connections += status.connections();
    }
    return new QueueCounts(messages, active, timer.size(), held, ready, connections);
  }

  /**
   * The oldest {@code limit} messages, of one domain or of all ({@code domain} null), oldest
   * first. Reads their envelopes from the spool; a message gone meanwhile is left out.
   */
  public List<QueueEntrySummary> list(String domain, int limit) throws IOException {
    MessageSelector selector = domain == null ? new MessageSelector.All() : new MessageSelector.ByDomain(domain);
    PriorityQueue<QueuedMessage> newestOnTop = new PriorityQueue<>(OLDEST_FIRST.reversed());
    for (QueuedMessage m : messages.values()) {
      if (!matches(selector, m)) continue;
      newestOnTop.add(m);
      if (newestOnTop.size() > limit) newestOnTop.poll();
    }
    List<QueuedMessage> chosen = new ArrayList<>(newestOnTop);
    chosen.sort(OLDEST_FIRST);
    List<QueueEntrySummary> out = new ArrayList<>(chosen.size());
    for (QueuedMessage m : chosen) {
      Envelope e = spool.envelope(m.queueId());
      if (e == null) continue;
      List<Recipient> pending = e.pending();
      String lastReply = pending.stream().map(Recipient::lastReply).filter(Objects::nonNull).findFirst().orElse(null);
      out.add(new QueueEntrySummary(e.queueId(), e.sender(), e.receivedAt(), nextAttempt(m, e), e.recipients().size(),
          pending.size(), m.isActive(), m.isHeld(), m.domains(), lastReply));
    }
    return out;
  }

  /** One message in full, its envelope read from the spool. */
  public QueuedMessageDetails show(String queueId) throws IOException, NoSuchMessageException {
    QueuedMessage m = messages.get(queueId);
    Envelope e = m == null ? null : spool.envelope(queueId);
    if (e == null) throw new NoSuchMessageException(queueId);
    return new QueuedMessageDetails(e, m.isActive(), m.isHeld(), nextAttempt(m, e));
  }

  /** Makes the selected messages due now; held ones stay held. */
  public QueueActionResult retry(MessageSelector selector) throws NoSuchMessageException {
    Outcomes outcomes = new Outcomes();
    for (QueuedMessage m : select(selector)) {
      synchronized (m) {
        if (m.isHeld()) {
          outcomes.skip("on hold (release it first)");
        } else if (m.isActive()) {
          outcomes.skip("being delivered now");
        } else if (timer.expedite(m)) {
          outcomes.changed++;
        } else {
          outcomes.skip("not waiting");
        }
      }
    }
    return outcomes.result();
  }

  /** Puts the selected messages on hold, in memory and in their envelopes. */
  public QueueActionResult hold(MessageSelector selector) throws IOException, NoSuchMessageException {
    Outcomes outcomes = new Outcomes();
    for (QueuedMessage m : select(selector)) {
      synchronized (m) {
        if (m.isRemoved()) continue;
        if (m.isHeld()) {
          outcomes.skip("already on hold");
          continue;
        }
        m.setHeld(true);
        timer.cancel(m);
        // During an attempt the envelope is the attempt's to write; its end persists the hold.
        if (!m.isActive()) rewrite(m, true);
        outcomes.changed++;
      }
    }
    return outcomes.result();
  }

  /** Releases held messages; each is due at its next attempt time again, or now if that has passed. */
  public QueueActionResult release(MessageSelector selector) throws IOException, NoSuchMessageException {
    Outcomes outcomes = new Outcomes();
    for (QueuedMessage m : select(selector)) {
      synchronized (m) {
        if (m.isRemoved()) continue;
        if (!m.isHeld()) {
          outcomes.skip("not on hold");
          continue;
        }
        m.setHeld(false);
        // A message held while parked is still in its destination's parked list, which loads it.
        if (!m.isActive() && !m.isParked()) {
          Envelope e = rewrite(m, false);
          if (e != null) {
            Instant now = clock.instant();
            timer.schedule(m, e.nextAttemptAt().isAfter(now) ? e.nextAttemptAt() : now);
          }
        }
        outcomes.changed++;
      }
    }
    return outcomes.result();
  }

  /**
   * Deletes the selected messages from the queue and the spool; with {@code bounce}, their
   * senders get a failure DSN for the pending recipients ("deleted by the operator"). A message
   * being delivered is left alone: its attempt may already have reached the remote server.
   */
  public QueueActionResult delete(MessageSelector selector, boolean bounce) throws IOException, NoSuchMessageException {
    Outcomes outcomes = new Outcomes();
    for (QueuedMessage m : select(selector)) {
      synchronized (m) {
        if (m.isRemoved()) continue;
        if (m.isActive()) {
          outcomes.skip("being delivered now (try again when the attempt ends)");
          continue;
        }
        timer.cancel(m);
        Envelope e = spool.envelope(m.queueId());
        if (e == null) {
          m.markRemoved();
          messages.remove(m.queueId(), m);
          continue;
        }
        recorder.deleteByOperator(m, e, bounce);
        outcomes.changed++;
      }
    }
    return outcomes.result();
  }

  private List<QueuedMessage> select(MessageSelector selector) throws NoSuchMessageException {
    if (selector instanceof MessageSelector.ById(String id)) {
      QueuedMessage m = messages.get(id);
      if (m == null) throw new NoSuchMessageException(id);
      return List.of(m);
    }
    return messages.values().stream().filter(m -> matches(selector, m)).toList();
  }

  private static boolean matches(MessageSelector selector, QueuedMessage m) {
    return switch (selector) {
      case MessageSelector.ById(String id) -> m.queueId().equals(id);
      case MessageSelector.ByDomain(String domain) -> m.hasDomain(domain);
      case MessageSelector.All() -> true;
    };
  }

  /** Stores the hold flag in the message's envelope; returns the envelope, or null if it is gone. */
  private Envelope rewrite(QueuedMessage m, boolean held) throws IOException {
    Envelope e = spool.envelope(m.queueId());
    if (e == null) return null;
    Envelope changed = e.withHeld(held);
    spool.update(changed);
    return changed;
  }

  private Instant nextAttempt(QueuedMessage m, Envelope e) {
    Instant due = timer.dueAt(m);
    return due != null ? due : e.nextAttemptAt();
  }

  private String destinationName(String domain) {
    return switch (resolver.resolve(domain)) {
      case Resolution.Routed routed -> routed.destination().name();
      case Resolution.Unroutable u -> DestinationSummary.NO_ROUTE;
    };
  }

  /** One destination's counts while the summary is built. */
  private static final class Tally {
    int messages;
    Instant oldest;
    int ready;
    int deferred;
    int held;
    int active;
    int connections;

    void add(Instant receivedAt, boolean isHeld, boolean isActive, boolean waiting) {
      messages++;
      if (oldest == null || receivedAt.isBefore(oldest)) oldest = receivedAt;
      if (isHeld) held++;
      if (isActive) active++;
      if (waiting) deferred++;
    }
  }

  private static final class Outcomes {
    int changed;
    final Map<String, Integer> skipped = new LinkedHashMap<>();

    void skip(String reason) {
      skipped.merge(reason, 1, Integer::sum);
    }

    QueueActionResult result() {
      return new QueueActionResult(changed, skipped);
    }
  }
}
