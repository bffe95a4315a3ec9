package dev.outpost.store;

import static dev.outpost.store.Statements.instant;
import static dev.outpost.store.Statements.setInstant;

import dev.outpost.events.DeliveryEvent.Type;
import dev.outpost.webhooks.DeliveryState;
import dev.outpost.webhooks.Webhook;
import dev.outpost.webhooks.WebhookDelivery;
import dev.outpost.webhooks.WebhookDelivery.Outcome;
import dev.outpost.webhooks.WebhookStore;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Webhooks and their delivery logs in the state database (tables of migration V7), on the
 * connections of {@link SqliteStateStore}. A new webhook's cursor is read from {@code event_id} in
 * the inserting statement, so it starts exactly after the events stored before it existed.
 */
final class SqliteWebhookStore implements WebhookStore {
  private static final String COLUMNS = "id, account_name, url, event_types, description, secret, created_at,"
      + " last_event_id, failures, next_attempt_at";
  private static final String DELIVERY_COLUMNS = "id, webhook_id, attempted_at, outcome, first_event_id,"
      + " last_event_id, event_count, http_status, error, duration_ms, attempt, next_retry_at";

  private final SqliteConnections db;

  SqliteWebhookStore(SqliteConnections db) {
    this.db = db;
  }

  @Override
  public Webhook insert(Webhook w) {
    return db.write(c -> {
      PreparedStatement s = c.prepare("INSERT INTO webhook (" + COLUMNS + ")"
          + " SELECT ?, ?, ?, ?, ?, ?, ?, next_id - 1, 0, NULL FROM event_id");
      s.setString(1, w.id());
      s.setString(2, w.account());
      s.setString(3, w.url().toString());
      s.setString(4, types(w.eventTypes()));
      s.setString(5, w.description());
      s.setString(6, w.secret());
      s.setLong(7, w.createdAt().toEpochMilli());
      s.executeUpdate();
      PreparedStatement read = c.prepare("SELECT " + COLUMNS + " FROM webhook WHERE id = ?");
      read.setString(1, w.id());
      return Statements.all(read, SqliteWebhookStore::webhook).get(0);
    });
  }

  @Override
  public Optional<Webhook> find(String id) {
    return db.first("SELECT " + COLUMNS + " FROM webhook WHERE id = ?", s -> s.setString(1, id),
        SqliteWebhookStore::webhook);
  }

  @Override
  public List<Webhook> list(String account) {
    if (account == null) {
      return db.list("SELECT " + COLUMNS + " FROM webhook ORDER BY created_at, id", s -> {},
          SqliteWebhookStore::webhook);
    }
    return db.list("SELECT " + COLUMNS + " FROM webhook WHERE account_name = ? ORDER BY created_at, id",
        s -> s.setString(1, account), SqliteWebhookStore::webhook);
  }

  @Override
  public boolean delete(String id) {
    return db.write(c -> {
      // The log first, so that this does not rest on the database enforcing ON DELETE CASCADE.
      PreparedStatement log = c.prepare("DELETE FROM webhook_delivery WHERE webhook_id = ?");
      log.setString(1, id);
      log.executeUpdate();
      PreparedStatement s = c.prepare("DELETE FROM webhook WHERE id = ?");
      s.setString(1, id);
      return s.executeUpdate() == 1;
    });
  }

  @Override
  public boolean record(WebhookDelivery e, DeliveryState after) {
    return db.write(c -> {
      // Update the webhook first: one deleted while its POST was on the way gets no log entry
      // (which would fail on the foreign key). Without a state to write, the no-op update still
      // finds the row and, on PostgreSQL, locks it against a concurrent delete, which a SELECT
      // would not, and SQLite has no SELECT ... FOR UPDATE.
      PreparedStatement state;
      if (after == null) {
        state = c.prepare("UPDATE webhook SET id = id WHERE id = ?");
        state.setString(1, e.webhookId());
      } else {
        state = c.prepare("UPDATE webhook SET last_event_id = ?, failures = ?, next_attempt_at = ? WHERE id = ?");
        state.setLong(1, after.lastEventId());
        state.setInt(2, after.failures());
        setInstant(state, 3, after.nextAttemptAt());
        state.setString(4, e.webhookId());
      }
      if (state.executeUpdate() == 0) return false;
      PreparedStatement s = c.prepare("INSERT INTO webhook_delivery (" + DELIVERY_COLUMNS + ")"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      s.setString(1, e.id());
      s.setString(2, e.webhookId());
      s.setLong(3, e.attemptedAt().toEpochMilli());
      s.setString(4, e.outcome().key());
      s.setLong(5, e.firstEventId());
      s.setLong(6, e.lastEventId());
      s.setInt(7, e.eventCount());
      if (e.httpStatus() == null) {
        s.setNull(8, Types.INTEGER);
      } else {
        s.setInt(8, e.httpStatus());
      }
      s.setString(9, e.error() == null || e.error().length() <= 1000 ? e.error() : e.error().substring(0, 1000));
      s.setLong(10, e.duration().toMillis());
      s.setInt(11, e.attempt());
      setInstant(s, 12, e.nextRetryAt());
      s.executeUpdate();
      return true;
    });
  }

  @Override
  public List<WebhookDelivery> deliveries(String webhookId, int limit) {
    return db.list("SELECT " + DELIVERY_COLUMNS + " FROM webhook_delivery WHERE webhook_id = ?"
        + " ORDER BY attempted_at DESC, last_event_id DESC LIMIT ?", s -> {
          s.setString(1, webhookId);
          s.setInt(2, limit);
        }, SqliteWebhookStore::delivery);
  }

  private static WebhookDelivery delivery(ResultSet r) throws SQLException {
    int status = r.getInt(8);
    Integer httpStatus = r.wasNull() ? null : status;
    return new WebhookDelivery(r.getString(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3)),
        Objects.requireNonNull(Outcome.ofKey(r.getString(4)), "unknown outcome"), r.getLong(5), r.getLong(6),
        r.getInt(7), httpStatus, r.getString(9), Duration.ofMillis(r.getLong(10)), r.getInt(11), instant(r, 12));
  }

  @Override
  public long purgeDeliveriesBefore(Instant before) {
    return db.update("DELETE FROM webhook_delivery WHERE attempted_at < ?", s -> s.setLong(1, before.toEpochMilli()));
  }

  private static Webhook webhook(ResultSet r) throws SQLException {
    return new Webhook(r.getString(1), r.getString(2), URI.create(r.getString(3)), types(r.getString(4)),
        r.getString(5), r.getString(6), Instant.ofEpochMilli(r.getLong(7)),
        new DeliveryState(r.getLong(8), r.getInt(9), instant(r, 10)));
  }

  private static String types(Set<Type> types) {
    return types.stream().sorted().map(Type::key).collect(Collectors.joining(","));
  }

  /** A key that this version does not know (written by a newer one) is left out. */
  private static Set<Type> types(String keys) {
    Set<Type> out = EnumSet.noneOf(Type.class);
    if (keys.isEmpty()) return out;
    Arrays.stream(keys.split(",")).map(Type::ofKey).filter(Objects::nonNull).forEach(out::add);
    return out;
  }
}
