package dev.outpost.queue;

/** Where a recipient domain goes, or why it goes nowhere. */
public sealed interface Resolution {

  record Routed(Destination destination) implements Resolution {}

  /** No destination; the recipients are deferred with this reason (a config change may fix it). */
  record Unroutable(String reason) implements Resolution {}
}
