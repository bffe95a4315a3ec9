package dev.outpost.queue;

import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import dev.outpost.spool.RecipientState;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The scheduler's in-memory record of one spooled message. Between attempts it is a few fixed
 * fields (queue id, arrival, the domains still pending, their count, the hold flag), so that a
 * queue of millions fits in memory; the envelope stays in the spool and is read again for each
 * attempt. During an attempt it also holds that attempt's envelope and the recipients' new states
 * as the attempt's jobs (one per destination) report back.
 *
 * <p>Invariants: while an attempt is open the message is active and {@link #attemptEnvelope} is
 * the envelope its jobs were built from; only the job that closes the attempt persists the
 * result, so the spool sees one update per attempt. A held message never starts an attempt.
 *
 * <p>Locking: the fields are guarded by this object's monitor. Whoever rewrites the message's
 * envelope in the spool (the end of an attempt, a hold, a release, a delete) does so under the
 * monitor too, so those writes never interleave. The monitor may be taken before
 * {@link RetryTimer}'s lock, never while holding it. {@link #timerEntry} alone is guarded by the
 * timer's lock instead.
 */
final class QueuedMessage {
  private static final String[] NO_DOMAINS = new String[0];

  private final String queueId;
  private final long receivedAtMillis;
  private String[] domains;
  private int pending;
  private boolean held;
  private boolean removed;
  private boolean parked;
  private Attempt attempt;
  /** The live timer entry, or null when the message is not waiting in the timer. */
  RetryTimer.Entry timerEntry;

  /** What exists only while an attempt is open. */
  private static final class Attempt {
    final Envelope envelope;
    final Recipient[] recipients;
    final AttemptResult[] results;
    int outstanding;
    boolean changed;

    Attempt(Envelope envelope, int jobs) {
      this.envelope = envelope;
      this.recipients = envelope.recipients().toArray(Recipient[]::new);
      this.results = new AttemptResult[recipients.length];
      this.outstanding = jobs;
    }
  }

  private QueuedMessage(Envelope envelope) {
    this.queueId = envelope.queueId();
    this.receivedAtMillis = envelope.receivedAt() == null ? 0 : envelope.receivedAt().toEpochMilli();
    adopt(envelope);
  }

  /** The compact record of a message; keeps nothing of {@code envelope} but the fields above. */
  static QueuedMessage of(Envelope envelope) {
    return new QueuedMessage(envelope);
  }

  String queueId() {
    return queueId;
  }

  Instant receivedAt() {
    return Instant.ofEpochMilli(receivedAtMillis);
  }

  /** The distinct domains of the pending recipients, lower case. */
  synchronized List<String> domains() {
    return List.of(domains);
  }

  synchronized boolean hasDomain(String domain) {
    for (String d : domains) if (d.equals(domain)) return true;
    return false;
  }

  synchronized int pending() {
    return pending;
  }

  synchronized boolean isHeld() {
    return held;
  }

  synchronized boolean isActive() {
    return attempt != null;
  }

  /** Left the queue (delivered, expired or deleted): a timer entry or job still naming it is void. */
  synchronized boolean isRemoved() {
    return removed;
  }

  synchronized void markRemoved() {
    removed = true;
  }

  /** Marks the message parked at a full ready queue; false if it already is, somewhere. */
  synchronized boolean markParked() {
    if (parked) return false;
    parked = true;
    return true;
  }

  synchronized void clearParked() {
    parked = false;
  }

  /** Waiting in a destination's parked list, to be loaded from there (not from the timer). */
  synchronized boolean isParked() {
    return parked;
  }

  synchronized void setHeld(boolean onHold) {
    held = onHold;
  }

  /**
   * Opens an attempt of {@code jobs} jobs on {@code envelope}, the message's current envelope;
   * returns false (and opens nothing) when the message is held, removed or already active.
   */
  synchronized boolean beginAttempt(Envelope envelope, int jobs) {
    if (held || removed || attempt != null) return false;
    attempt = new Attempt(envelope, jobs);
    return true;
  }

  /** The envelope the open attempt was built from. */
  synchronized Envelope attemptEnvelope() {
    return attempt.envelope;
  }

  /**
   * Records new recipient states from one job, and what the attempt did for each; returns true
   * when it was the attempt's last job. A null entry leaves that recipient as it was. A job
   * recorded again after its attempt closed (a failure while the first record finished it) is
   * ignored.
   */
  synchronized boolean record(int[] indexes, Recipient[] updated, AttemptResult[] outcomes) {
    if (attempt == null) return false;
    for (int k = 0; k < indexes.length; k++) {
      if (updated[k] != null) {
        attempt.recipients[indexes[k]] = updated[k];
        attempt.results[indexes[k]] = outcomes[k];
        attempt.changed = true;
      }
    }
    return --attempt.outstanding == 0;
  }

  /** Whether the finished attempt changed any recipient. */
  synchronized boolean changed() {
    return attempt.changed;
  }

  /** The recipients as the finished attempt left them. */
  synchronized List<Recipient> recipients() {
    return Arrays.asList(attempt.recipients.clone());
  }

  /** What the finished attempt did, by recipient index; null for a recipient it did not reach. */
  synchronized List<AttemptResult> results() {
    return Arrays.asList(attempt.results.clone());
  }

  /** Closes the attempt and keeps only the compact fields of the envelope written after it. */
  synchronized void settle(Envelope persisted) {
    attempt = null;
    adopt(persisted);
  }

  private void adopt(Envelope envelope) {
    Set<String> pendingDomains = new LinkedHashSet<>(2);
    int count = 0;
    for (Recipient r : envelope.recipients()) {
      if (r.state() != RecipientState.PENDING) continue;
      count++;
      // Interned: a million messages to ten thousand domains share ten thousand strings, and
      // the JVM drops a domain's string once no message refers to it.
      pendingDomains.add(r.domain().intern());
    }
    pending = count;
    domains = pendingDomains.isEmpty() ? NO_DOMAINS : pendingDomains.toArray(String[]::new);
    held = envelope.held();
  }
}
