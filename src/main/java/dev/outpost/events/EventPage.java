package dev.outpost.events;

import dev.outpost.events.EventQuery.Order;
import java.util.List;

/**
 * One page of events.
 *
 * @param nextCursor for the next page ({@link EventQuery#withCursor}). Newest first, it is null
 *     when this page holds the oldest matching events. Oldest first, it is never null: events
 *     recorded later appear on the next page, so a program that follows the log keeps asking
 *     with the cursor it got last.
 */
public record EventPage(List<DeliveryEvent> events, String nextCursor) {
  public EventPage {
    events = List.copyOf(events);
  }

  /**
   * The page for {@code query} from {@code fetched}, the matching events read with one more than
   * the limit to tell whether another page follows.
   */
  public static EventPage of(EventQuery query, List<DeliveryEvent> fetched) {
    int limit = query.limit();
    List<DeliveryEvent> page = fetched.size() > limit ? fetched.subList(0, limit) : fetched;
    boolean more = fetched.size() > limit;
    if (!more && query.order() == Order.NEWEST_FIRST) return new EventPage(page, null);
    long last = page.isEmpty() ? query.afterId() : page.get(page.size() - 1).id();
    return new EventPage(page, EventQuery.cursorAfter(last));
  }
}
