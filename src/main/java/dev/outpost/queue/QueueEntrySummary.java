package dev.outpost.queue;

import java.time.Instant;
import java.util.List;

/**
 * One queued message, for {@code outpost queue list} and tests.
 *
 * @param nextAttemptAt when the message is due; for a held message, when it would be
 * @param active being delivered now
 * @param held on hold: not delivered until released
 * @param domains the domains of the pending recipients
 * @param lastReply the last reply recorded for a pending recipient, or null before any attempt
 */
public record QueueEntrySummary(
    String queueId, String sender, Instant receivedAt, Instant nextAttemptAt, int recipients,
    int pendingRecipients, boolean active, boolean held, List<String> domains, String lastReply) {

  public QueueEntrySummary {
    domains = List.copyOf(domains);
  }
}
