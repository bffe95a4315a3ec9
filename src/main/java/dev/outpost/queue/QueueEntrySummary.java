package dev.outpost.queue;

import java.time.Instant;

/**
 * One queued message, for {@code outpost queue} and tests.
 *
 * @param active being delivered now; otherwise waiting for {@code nextAttemptAt}
 * @param lastReply the last reply recorded for a pending recipient, or null before any attempt
 */
public record QueueEntrySummary(
    String queueId, String sender, Instant receivedAt, Instant nextAttemptAt, int recipients,
    int pendingRecipients, boolean active, String lastReply) {}
