package dev.outpost.queue;

import java.time.Instant;

/**
 * The last deferral of a destination: the remote reply or Outpost's own reason, and when.
 * Forgotten at the destination's next delivery, so a deferral shown is one not yet overcome.
 */
public record Deferral(String reason, Instant at) {}
