package dev.outpost.store;

import dev.outpost.bounce.BounceCategory;
import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.DeliveryEvent.Type;
import dev.outpost.events.EventPage;
import dev.outpost.events.EventQuery;
import dev.outpost.events.EventStore;
import dev.outpost.events.StatsQuery;
import dev.outpost.events.StatsReport;
import dev.outpost.events.StatsRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The events and their hourly aggregates in the state database (tables of migration V4), on the
 * connections of {@link SqliteStateStore}. Appends take the one write turn for a whole batch, so
 * a batch costs one transaction and one fsync however many events it holds. Queries with
 * optional filters are built from fixed fragments and prepared afresh, not cached: their variants
 * are many and each is asked for rarely.
 */
final class SqliteEventStore implements EventStore {
  private static final String COLUMNS = "id, occurred_at, event_type, queue_id, recipient, sender, account_name,"
      + " campaign, remote_host, reply, status_code, category, source_ip, site, recipient_domain";
  /** Events deleted per transaction by the purge, so that a large purge never holds the write turn long. */
  private static final int PURGE_SLICE = 5_000;
  private static final long HOUR_MILLIS = Duration.ofHours(1).toMillis();

  private final SqliteConnections db;

  SqliteEventStore(SqliteConnections db) {
    this.db = db;
  }

  @Override
  public List<DeliveryEvent> append(List<DeliveryEvent> events) {
    if (events.isEmpty()) return List.of();
    return db.write(c -> {
      // Update before read: on PostgreSQL the row lock then orders concurrent appenders.
      PreparedStatement bump = c.prepare("UPDATE event_id SET next_id = next_id + ?");
      bump.setLong(1, events.size());
      bump.executeUpdate();
      long next;
      try (ResultSet r = c.prepare("SELECT next_id FROM event_id").executeQuery()) {
        r.next();
        next = r.getLong(1) - events.size();
      }
      PreparedStatement insert = c.prepare("INSERT INTO delivery_event (" + COLUMNS + ")"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      List<DeliveryEvent> stored = new ArrayList<>(events.size());
      Map<StatsKey, Long> counts = new LinkedHashMap<>();
      for (DeliveryEvent e : events) {
        DeliveryEvent s = e.withId(next++);
        bind(insert, s);
        insert.addBatch();
        stored.add(s);
        counts.merge(StatsKey.of(s), 1L, Long::sum);
      }
      insert.executeBatch();
      PreparedStatement upsert = c.prepare("INSERT INTO event_stats (hour_start, account_name, campaign,"
          + " recipient_domain, site, source_ip, event_type, events) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (hour_start, account_name, campaign, recipient_domain, site, source_ip, event_type)"
          + " DO UPDATE SET events = event_stats.events + excluded.events");
      for (Map.Entry<StatsKey, Long> count : counts.entrySet()) {
        StatsKey k = count.getKey();
        upsert.setLong(1, k.hour());
        upsert.setString(2, k.account());
        upsert.setString(3, k.campaign());
        upsert.setString(4, k.domain());
        upsert.setString(5, k.site());
        upsert.setString(6, k.sourceIp());
        upsert.setString(7, k.type());
        upsert.setLong(8, count.getValue());
        upsert.addBatch();
      }
      upsert.executeBatch();
      return stored;
    });
  }

  /** Strings are cut to their column's width, which PostgreSQL would otherwise refuse. */
  private static void bind(PreparedStatement s, DeliveryEvent e) throws SQLException {
    s.setLong(1, e.id());
    s.setLong(2, e.time().toEpochMilli());
    s.setString(3, e.type().key());
    s.setString(4, clip(e.queueId(), 32));
    s.setString(5, clip(e.recipient(), 320));
    s.setString(6, clip(e.sender(), 320));
    s.setString(7, clip(e.account(), 64));
    s.setString(8, clip(e.campaign(), 64));
    s.setString(9, clip(e.remoteHost(), 300));
    s.setString(10, clip(e.reply(), 1000));
    s.setString(11, clip(e.statusCode(), 16));
    s.setString(12, e.category() == null ? null : e.category().id());
    s.setString(13, clip(e.sourceIp(), 45));
    s.setString(14, clip(e.site(), 64));
    s.setString(15, clip(e.recipientDomain(), 253));
  }

  private static String clip(String s, int width) {
    return s == null || s.length() <= width ? s : s.substring(0, width);
  }

  @Override
  public EventPage find(EventQuery q) {
    List<Object> args = new ArrayList<>();
    StringBuilder where = where(q, args);
    boolean newestFirst = q.order() == EventQuery.Order.NEWEST_FIRST;
    args.add(q.limit() + 1);
    String sql = "SELECT " + COLUMNS + " FROM delivery_event" + where
        + (newestFirst ? " ORDER BY id DESC" : " ORDER BY id") + " LIMIT ?";
    return EventPage.of(q, readUncached(sql, args, SqliteEventStore::events));
  }

  @Override
  public long count(EventQuery q) {
    List<Object> args = new ArrayList<>();
    String sql = "SELECT COUNT(*) FROM delivery_event" + where(q, args);
    // COUNT(*) returns one row even when nothing matches.
    return readUncached(sql, args, s -> Statements.first(s, r -> r.getLong(1)).orElseThrow());
  }

  @Override
  public long newestId() {
    // event_id holds exactly one row from its migration on.
    return db.first("SELECT next_id - 1 FROM event_id", s -> {}, r -> r.getLong(1)).orElseThrow();
  }

  /** Runs a query built for this call on a statement of its own, closed after use rather than cached. */
  private <T> T readUncached(String sql, List<Object> args, Reading<T> reading) {
    return db.read(c -> {
      try (PreparedStatement s = c.connection().prepareStatement(sql)) {
        for (int i = 0; i < args.size(); i++) s.setObject(i + 1, args.get(i));
        return reading.from(s);
      }
    });
  }

  /** What a query built for one call returns, read from its statement. */
  @FunctionalInterface
  private interface Reading<T> {
    T from(PreparedStatement query) throws SQLException;
  }

  /** The WHERE clause of the query's filters and cursor, its values added to {@code args}. */
  private static StringBuilder where(EventQuery q, List<Object> args) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    filter(where, args, "queue_id", q.queueId());
    filter(where, args, "recipient", q.recipient());
    filter(where, args, "campaign", q.campaign());
    filter(where, args, "account_name", q.account());
    if (!q.types().isEmpty()) {
      where.append(" AND event_type IN (").append("?, ".repeat(q.types().size() - 1)).append("?)");
      for (Type t : Type.values()) if (q.types().contains(t)) args.add(t.key());
    }
    if (q.from() != null) {
      where.append(" AND occurred_at >= ?");
      args.add(q.from().toEpochMilli());
    }
    if (q.to() != null) {
      where.append(" AND occurred_at < ?");
      args.add(q.to().toEpochMilli());
    }
    if (q.cursor() != null) {
      where.append(q.order() == EventQuery.Order.NEWEST_FIRST ? " AND id < ?" : " AND id > ?");
      args.add(q.afterId());
    }
    return where;
  }

  private static void filter(StringBuilder where, List<Object> args, String column, String value) {
    if (value == null) return;
    where.append(" AND ").append(column).append(" = ?");
    args.add(value);
  }

  @Override
  public Optional<DeliveryEvent> latestDelivery(String recipient) {
    return db.read(c -> {
      PreparedStatement s = c.prepare("SELECT " + COLUMNS + " FROM delivery_event"
          + " WHERE recipient = ? AND event_type = ? ORDER BY id DESC LIMIT 1");
      s.setString(1, recipient.toLowerCase(Locale.ROOT));
      s.setString(2, Type.DELIVERED.key());
      return events(s).stream().findFirst();
    });
  }

  private static List<DeliveryEvent> events(PreparedStatement s) throws SQLException {
    List<DeliveryEvent> out = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        Type type = Type.ofKey(r.getString(3));
        // A type a newer version wrote is skipped rather than shown as something it is not.
        if (type == null) continue;
        out.add(new DeliveryEvent(r.getLong(1), Instant.ofEpochMilli(r.getLong(2)), type, r.getString(4),
            r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getString(9), r.getString(10),
            r.getString(11), BounceCategory.byId(r.getString(12)), r.getString(13), r.getString(14),
            r.getString(15)));
      }
    }
    return out;
  }

  @Override
  public StatsReport stats(StatsQuery q) {
    String column = switch (q.groupBy()) {
      case NONE -> null;
      case ACCOUNT -> "account_name";
      case CAMPAIGN -> "campaign";
      case DOMAIN -> "recipient_domain";
      case SITE -> "site";
      case SOURCE_IP -> "source_ip";
    };
    // Bucket lengths are inlined, not bound: PostgreSQL matches GROUP BY expressions to the
    // select list by their text, and two parameters are two different expressions to it.
    String bucket = "(hour_start / " + q.granularity().length().toMillis() + ") * "
        + q.granularity().length().toMillis();
    List<Object> args = new ArrayList<>();
    args.add(floorHour(q.from().toEpochMilli()));
    args.add(ceilHour(q.to().toEpochMilli()));
    StringBuilder where = new StringBuilder(" WHERE hour_start >= ? AND hour_start < ?");
    filter(where, args, "account_name", q.account());
    filter(where, args, "campaign", q.campaign());
    String sql = "SELECT " + bucket + ", " + (column == null ? "''" : column) + ", event_type, SUM(events)"
        + " FROM event_stats" + where + " GROUP BY " + bucket + (column == null ? "" : ", " + column)
        + ", event_type ORDER BY 1, 2";
    return readUncached(sql, args, SqliteEventStore::rows);
  }

  private static StatsReport rows(PreparedStatement s) throws SQLException {
    List<StatsRow> rows = new ArrayList<>();
    long bucket = Long.MIN_VALUE;
    String group = null;
    Map<Type, Long> counts = new EnumMap<>(Type.class);
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        long b = r.getLong(1);
        String g = r.getString(2);
        if (b != bucket || !Objects.equals(g, group)) {
          if (bucket != Long.MIN_VALUE) rows.add(row(bucket, group, counts));
          if (rows.size() == StatsReport.MAX_ROWS) return new StatsReport(rows, true);
          bucket = b;
          group = g;
          counts.clear();
        }
        Type type = Type.ofKey(r.getString(3));
        if (type != null) counts.merge(type, r.getLong(4), Long::sum);
      }
    }
    if (bucket != Long.MIN_VALUE) rows.add(row(bucket, group, counts));
    return new StatsReport(rows, false);
  }

  private static StatsRow row(long bucket, String group, Map<Type, Long> counts) {
    return new StatsRow(Instant.ofEpochMilli(bucket), group == null || group.isEmpty() ? null : group, counts);
  }

  @Override
  public long purgeBefore(Instant before) {
    long cutoff = before.toEpochMilli();
    long deleted = 0;
    while (true) {
      int slice = db.update("DELETE FROM delivery_event WHERE id IN"
          + " (SELECT id FROM delivery_event WHERE occurred_at < ? LIMIT " + PURGE_SLICE + ")",
          s -> s.setLong(1, cutoff));
      deleted += slice;
      if (slice < PURGE_SLICE) break;
    }
    db.update("DELETE FROM event_stats WHERE hour_start < ?", s -> s.setLong(1, floorHour(cutoff)));
    return deleted;
  }

  private static long floorHour(long millis) {
    return Math.floorDiv(millis, HOUR_MILLIS) * HOUR_MILLIS;
  }

  private static long ceilHour(long millis) {
    return -Math.floorDiv(-millis, HOUR_MILLIS) * HOUR_MILLIS;
  }

  /** One row of the aggregates; '' stands for a dimension the event lacks (see migration V4). */
  private record StatsKey(long hour, String account, String campaign, String domain, String site, String sourceIp,
      String type) {
    static StatsKey of(DeliveryEvent e) {
      return new StatsKey(floorHour(e.time().toEpochMilli()), key(clip(e.account(), 64)), key(clip(e.campaign(), 64)),
          key(clip(e.recipientDomain(), 253)), key(clip(e.site(), 64)), key(clip(e.sourceIp(), 45)), e.type().key());
    }

    private static String key(String value) {
      return value == null ? "" : value;
    }
  }
}
