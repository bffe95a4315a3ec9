package dev.outpost.queue;

import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import java.util.Arrays;
import java.util.List;

/**
 * The scheduler's in-memory record of one spooled message: its envelope and, during an attempt,
 * the recipients' new states as the attempt's jobs (one per destination) report back.
 *
 * <p>Invariants: while {@code outstanding > 0} the message is active and {@link #envelope} is
 * the one the jobs were built from; only the job that brings {@code outstanding} to 0 persists
 * the result, so the spool sees one update per attempt. All mutation happens under this
 * object's monitor, which no other lock nests with.
 */
final class QueuedMessage {
  private Envelope envelope;
  private Recipient[] recipients;
  private AttemptResult[] results;
  private int outstanding;
  private boolean changed;

  QueuedMessage(Envelope envelope) {
    this.envelope = envelope;
  }

  synchronized Envelope envelope() {
    return envelope;
  }

  synchronized boolean isActive() {
    return outstanding > 0;
  }

  /** Starts an attempt of {@code jobs} jobs; returns the envelope they must use. */
  synchronized Envelope beginAttempt(int jobs) {
    if (outstanding > 0) throw new IllegalStateException(envelope.queueId() + " is already being delivered");
    outstanding = jobs;
    recipients = envelope.recipients().toArray(Recipient[]::new);
    results = new AttemptResult[recipients.length];
    changed = false;
    return envelope;
  }

  /**
   * Records new recipient states from one job, and what the attempt did for each; returns true
   * when it was the attempt's last job. A null entry leaves that recipient as it was.
   */
  synchronized boolean record(int[] indexes, Recipient[] updated, AttemptResult[] outcomes) {
    for (int k = 0; k < indexes.length; k++) {
      if (updated[k] != null) {
        recipients[indexes[k]] = updated[k];
        results[indexes[k]] = outcomes[k];
        changed = true;
      }
    }
    return --outstanding == 0;
  }

  /** Whether the finished attempt changed any recipient. */
  synchronized boolean changed() {
    return changed;
  }

  /** The recipients as the finished attempt left them. */
  synchronized List<Recipient> recipients() {
    return Arrays.asList(recipients.clone());
  }

  /** What the finished attempt did, by recipient index; null for a recipient it did not reach. */
  synchronized List<AttemptResult> results() {
    return Arrays.asList(results.clone());
  }

  /** Adopts the envelope written to the spool after an attempt. */
  synchronized void settle(Envelope persisted) {
    envelope = persisted;
    recipients = null;
    results = null;
  }
}
