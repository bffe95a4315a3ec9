package dev.outpost.queue;

/**
 * The whole queue by state, for metrics and {@code outpost status}. The states do not overlap: a
 * message held during an attempt is active until the attempt ends. A message can be in none of
 * them for a moment (due, not yet on a ready queue), so they need not add up to {@link #messages}.
 *
 * @param messages queued messages with pending recipients
 * @param active messages in an attempt (on a ready queue or on a connection)
 * @param deferred messages waiting for their next attempt
 * @param held messages on hold, not in an attempt
 * @param ready jobs on ready queues, waiting for a connection
 * @param connections open delivery connections, busy or idle
 */
public record QueueCounts(int messages, int active, int deferred, int held, int ready, int connections) {}
