package dev.outpost.accounts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Fixed counting windows in UTC: the clock hour, the calendar day and the calendar month. Fixed
 * windows let a count be one row per account and window, and let every node and the CLI agree on
 * where a window starts without sharing any state; the price is that a client may send a full
 * hour's quota in the last minute of one hour and again in the first minute of the next.
 */
public enum UsageWindow {
  HOUR,
  DAY,
  MONTH;

  /** The start of the window that holds {@code t}. */
  public Instant start(Instant t) {
    ZonedDateTime utc = t.atZone(ZoneOffset.UTC);
    return switch (this) {
      case HOUR -> utc.truncatedTo(ChronoUnit.HOURS).toInstant();
      case DAY -> utc.truncatedTo(ChronoUnit.DAYS).toInstant();
      case MONTH -> LocalDate.of(utc.getYear(), utc.getMonth(), 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    };
  }

  /** The start of the next window after the one that holds {@code t}. */
  public Instant end(Instant t) {
    ZonedDateTime start = start(t).atZone(ZoneOffset.UTC);
    return switch (this) {
      case HOUR -> start.plusHours(1).toInstant();
      case DAY -> start.plusDays(1).toInstant();
      case MONTH -> start.plusMonths(1).toInstant();
    };
  }

  /** The name stored in the usage table and shown by the CLI. */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
