package dev.outpost.events;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where events and their hourly aggregates are kept. The embedded implementation lives in the
 * state database ({@code dev.outpost.store.SqliteStateStore#events}); a PostgreSQL one for several
 * nodes implements the same interface and passes the same contract test.
 *
 * <p>The aggregates are one count per hour, account, campaign, recipient domain, site, source
 * address and type, kept up to date as events are appended, so that statistics never scan events.
 * Every method is safe to call from many threads; failures of the database are
 * {@code StoreException}s.
 */
public interface EventStore {

  /**
   * Stores the events in one transaction, each with the next id in the order given, and counts
   * them in the aggregates. Returns them with their ids.
   */
  List<DeliveryEvent> append(List<DeliveryEvent> events);

  /** One page of the events that match, in the query's order (which is the order of ids). */
  EventPage find(EventQuery query);

  /**
   * How many events match the query's filters after its cursor, however many pages that is:
   * what a reader that follows the log, such as a webhook, has still to read. Counts the events,
   * so its cost grows with the answer.
   */
  long count(EventQuery query);

  /**
   * The id of the newest event stored, 0 before the first: every event up to it is committed and
   * readable, since ids are given out in the order the appending transactions take their turn.
   */
  long newestId();

  /** Counts from the aggregates, by bucket and then group. */
  StatsReport stats(StatsQuery query);

  /** The newest {@link DeliveryEvent.Type#DELIVERED} event for this recipient, if one is still kept. */
  Optional<DeliveryEvent> latestDelivery(String recipient);

  /**
   * Deletes the events that happened before {@code before} and the aggregates of hours that began
   * before its hour, in slices, so that other writers get their turn; returns the events deleted.
   */
  long purgeBefore(Instant before);
}
