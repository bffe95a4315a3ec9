package dev.outpost.queue;

import dev.outpost.spool.Envelope;
import java.time.Instant;

/**
 * One queued message in full, for {@code outpost queue show}: the envelope as stored (recipients
 * with their states, attempts and last replies; the header lines Outpost prepends) and where it
 * stands in the schedule.
 *
 * @param nextAttemptAt when it is due; for a held message, when it would be
 */
public record QueuedMessageDetails(Envelope envelope, boolean active, boolean held, Instant nextAttemptAt) {}
