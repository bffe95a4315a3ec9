package dev.outpost.events;

import dev.outpost.events.DeliveryEvent.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which events to list: every filter given must match (null or empty means any), one page of
 * {@code limit} events at a time. Built from {@link #all()} with withers; an unusable value throws
 * {@link InvalidQueryException} naming the parameter, at once.
 *
 * @param queueId the message's queue id
 * @param recipient the recipient address, in any case
 * @param types any of these types; empty for all
 * @param from events at or after this time
 * @param to events before this time
 * @param limit events per page, 1 to {@value #MAX_LIMIT}
 * @param cursor where the previous page ended ({@link EventPage#nextCursor}), or null for the
 *     first page
 */
public record EventQuery(
    String queueId,
    String recipient,
    String campaign,
    String account,
    Set<Type> types,
    Instant from,
    Instant to,
    int limit,
    String cursor,
    Order order) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;
  private static final String CURSOR_PREFIX = "e1:";

  public EventQuery {
    if (recipient != null) recipient = recipient.toLowerCase(Locale.ROOT);
    types = types == null || types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidQueryException("limit", "must be 1 to " + MAX_LIMIT + ", got " + limit);
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new InvalidQueryException("to", "must be after from (" + from + "), got " + to);
    }
    if (cursor != null) decode(cursor);
    if (order == null) order = Order.NEWEST_FIRST;
  }

  /** Every event, newest first, {@value #DEFAULT_LIMIT} to a page. */
  public static EventQuery all() {
    return new EventQuery(null, null, null, null, Set.of(), null, null, DEFAULT_LIMIT, null, Order.NEWEST_FIRST);
  }

  public EventQuery withQueueId(String value) {
    return new EventQuery(value, recipient, campaign, account, types, from, to, limit, cursor, order);
  }

  public EventQuery withRecipient(String value) {
    return new EventQuery(queueId, value, campaign, account, types, from, to, limit, cursor, order);
  }

  public EventQuery withCampaign(String value) {
    return new EventQuery(queueId, recipient, value, account, types, from, to, limit, cursor, order);
  }

  public EventQuery withAccount(String value) {
    return new EventQuery(queueId, recipient, campaign, value, types, from, to, limit, cursor, order);
  }

  public EventQuery withTypes(Set<Type> value) {
    return new EventQuery(queueId, recipient, campaign, account, value, from, to, limit, cursor, order);
  }

  /** Events from {@code start} (inclusive) to {@code end} (exclusive); either may be null. */
  public EventQuery between(Instant start, Instant end) {
    return new EventQuery(queueId, recipient, campaign, account, types, start, end, limit, cursor, order);
  }

  public EventQuery withLimit(int value) {
    return new EventQuery(queueId, recipient, campaign, account, types, from, to, value, cursor, order);
  }

  /** The page after the one that returned {@code value} as its next cursor. */
  public EventQuery withCursor(String value) {
    return new EventQuery(queueId, recipient, campaign, account, types, from, to, limit, value, order);
  }

  public EventQuery withOrder(Order value) {
    return new EventQuery(queueId, recipient, campaign, account, types, from, to, limit, cursor, value);
  }

  /**
   * The id of the last event of the previous page: the page holds events with smaller ids newest
   * first, larger ones oldest first. 0 (or {@link Long#MAX_VALUE} newest first) on the first page.
   */
  public long afterId() {
    if (cursor != null) return decode(cursor);
    return order == Order.NEWEST_FIRST ? Long.MAX_VALUE : 0;
  }

  /**
   * The cursor for the page after the event with this id: for a reader that keeps its own
   * position by id, such as a webhook. Opaque to API callers.
   */
  public static String cursorAfter(long id) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((CURSOR_PREFIX + id).getBytes(StandardCharsets.US_ASCII));
  }

  private static long decode(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
      if (text.startsWith(CURSOR_PREFIX)) {
        long id = Long.parseLong(text.substring(CURSOR_PREFIX.length()));
        if (id >= 0) return id;
      }
    } catch (IllegalArgumentException malformed) {
      // NumberFormatException included: reported as not a cursor, below.
    }
    throw new InvalidQueryException("cursor", "not a cursor from a previous page");
  }

  /** The order of a page, and so the direction the cursor walks in. */
  public enum Order {
    /** Newest first: what a person looking at recent activity wants. */
    NEWEST_FIRST,
    /** Oldest first: for a program that follows the log and asks again for what came since. */
    OLDEST_FIRST
  }
}
