package dev.outpost.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Which statistics to read: counts of events per time bucket, optionally per value of one
 * dimension, from the hourly aggregates. Times are UTC; {@code from} and {@code to} are rounded
 * down to the hour, {@code from} inclusive, {@code to} exclusive.
 *
 * @param account only mail of this account; null for all
 * @param campaign only mail of this campaign; null for all
 */
public record StatsQuery(Instant from, Instant to, Granularity granularity, GroupBy groupBy, String account,
    String campaign) {

  public StatsQuery {
    if (from == null) throw new InvalidQueryException("from", "is required");
    if (to == null) throw new InvalidQueryException("to", "is required");
    if (!from.isBefore(to)) throw new InvalidQueryException("to", "must be after from (" + from + "), got " + to);
    if (granularity == null) granularity = Granularity.HOUR;
    if (groupBy == null) groupBy = GroupBy.NONE;
  }

  /** Hourly totals from {@code from} to {@code to}, not grouped, for all accounts. */
  public static StatsQuery between(Instant from, Instant to) {
    return new StatsQuery(from, to, Granularity.HOUR, GroupBy.NONE, null, null);
  }

  public StatsQuery per(Granularity value) {
    return new StatsQuery(from, to, value, groupBy, account, campaign);
  }

  public StatsQuery groupedBy(GroupBy value) {
    return new StatsQuery(from, to, granularity, value, account, campaign);
  }

  public StatsQuery forAccount(String value) {
    return new StatsQuery(from, to, granularity, groupBy, value, campaign);
  }

  public StatsQuery forCampaign(String value) {
    return new StatsQuery(from, to, granularity, groupBy, account, value);
  }

  /** The length of a time bucket; days start at midnight UTC. */
  public enum Granularity {
    HOUR(Duration.ofHours(1)),
    DAY(Duration.ofDays(1));

    private final Duration length;

    Granularity(Duration length) {
      this.length = length;
    }

    public Duration length() {
      return length;
    }

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The granularity with this {@link #key()}, or null. */
    public static Granularity ofKey(String key) {
      for (Granularity g : values()) if (g.key().equals(key)) return g;
      return null;
    }
  }

  /** The dimension rows are split by, beside time. */
  public enum GroupBy {
    NONE,
    ACCOUNT,
    CAMPAIGN,
    /** The recipient's domain. */
    DOMAIN,
    /** The traffic-shaping site of the recipient's domain (its provider). */
    SITE,
    /** The local address deliveries were sent from. */
    SOURCE_IP;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The dimension with this {@link #key()}, or null. */
    public static GroupBy ofKey(String key) {
      for (GroupBy g : values()) if (g.key().equals(key)) return g;
      return null;
    }
  }
}
