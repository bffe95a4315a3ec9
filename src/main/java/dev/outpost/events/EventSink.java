package dev.outpost.events;

/**
 * Where the parts of the message path report what happened. Implementations must return at once
 * and never throw: they are called on SMTP sessions and delivery workers, and an event is never
 * worth slowing or failing mail for. {@link EventLog} queues the event for its writer.
 */
@FunctionalInterface
public interface EventSink {
  /** Records nothing: for tests and embedded uses that do not want events. */
  EventSink NONE = event -> {};

  void record(DeliveryEvent event);
}
