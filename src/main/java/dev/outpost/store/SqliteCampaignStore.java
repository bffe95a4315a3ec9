package dev.outpost.store;

import static dev.outpost.store.Statements.instant;
import static dev.outpost.store.Statements.setInstant;

import dev.outpost.campaigns.Campaign;
import dev.outpost.campaigns.CampaignCounts;
import dev.outpost.campaigns.CampaignRecipient;
import dev.outpost.campaigns.CampaignState;
import dev.outpost.campaigns.CampaignStore;
import dev.outpost.campaigns.RecipientState;
import dev.outpost.tracking.TrackingOptions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Campaigns and their recipients in the state database (tables of migration V6, tracking columns
 * of V8), on the connections of {@link SqliteStateStore}. A batch of recipients, added or recorded, is one
 * transaction and one fsync however many rows it holds; the campaign's counts change in that
 * same transaction.
 */
final class SqliteCampaignStore implements CampaignStore {
  private static final String COLUMNS = "id, account_name, name, state, reason, template, escape_html,"
      + " recipient_count, queued_count, suppressed_count, failed_count, cancelled_count, created_at, started_at,"
      + " finished_at, track_opens, track_clicks";
  private static final String RECIPIENT_COLUMNS = "seq, email, vars, state, queue_id, detail";

  private final SqliteConnections db;

  SqliteCampaignStore(SqliteConnections db) {
    this.db = db;
  }

  @Override
  public void insert(Campaign c) {
    db.update("INSERT INTO campaign (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s -> {
          s.setString(1, c.id());
          s.setString(2, c.account());
          s.setString(3, c.name());
          s.setString(4, c.state().key());
          s.setString(5, c.reason());
          s.setString(6, c.template());
          s.setBoolean(7, c.escapeHtml());
          s.setLong(8, c.counts().recipients());
          s.setLong(9, c.counts().queued());
          s.setLong(10, c.counts().suppressed());
          s.setLong(11, c.counts().failed());
          s.setLong(12, c.counts().cancelled());
          s.setLong(13, c.createdAt().toEpochMilli());
          setInstant(s, 14, c.startedAt());
          setInstant(s, 15, c.finishedAt());
          s.setBoolean(16, c.tracking().opens());
          s.setBoolean(17, c.tracking().clicks());
        });
  }

  @Override
  public Optional<Campaign> find(String id) {
    return db.first("SELECT " + COLUMNS + " FROM campaign WHERE id = ?", s -> s.setString(1, id),
        SqliteCampaignStore::campaign);
  }

  @Override
  public List<Campaign> list(String account, int limit) {
    String sql = account == null
        ? "SELECT " + COLUMNS + " FROM campaign ORDER BY created_at DESC, id DESC LIMIT ?"
        : "SELECT " + COLUMNS + " FROM campaign WHERE account_name = ? ORDER BY created_at DESC, id DESC LIMIT ?";
    return db.list(sql, s -> {
      int i = 1;
      if (account != null) s.setString(i++, account);
      s.setInt(i, limit);
    }, SqliteCampaignStore::campaign);
  }

  @Override
  public List<Campaign> inState(CampaignState state) {
    return db.list("SELECT " + COLUMNS + " FROM campaign WHERE state = ? ORDER BY created_at",
        s -> s.setString(1, state.key()), SqliteCampaignStore::campaign);
  }

  @Override
  public boolean changeState(String id, CampaignState expected, CampaignState next, String reason, Instant at) {
    return db.update("UPDATE campaign SET state = ?, reason = ?,"
        + " started_at = CASE WHEN ? AND started_at IS NULL THEN ? ELSE started_at END,"
        + " finished_at = CASE WHEN ? THEN ? ELSE finished_at END"
        + " WHERE id = ? AND state = ?", s -> {
          s.setString(1, next.key());
          s.setString(2, reason);
          s.setBoolean(3, next == CampaignState.SENDING);
          s.setLong(4, at.toEpochMilli());
          s.setBoolean(5, next == CampaignState.DONE || next == CampaignState.CANCELLED);
          s.setLong(6, at.toEpochMilli());
          s.setString(7, id);
          s.setString(8, expected.key());
        }) == 1;
  }

  @Override
  public int addRecipients(String id, List<NewRecipient> recipients) {
    if (recipients.isEmpty()) return 0;
    return db.write(conn -> {
      PreparedStatement count = conn.prepare("SELECT recipient_count FROM campaign WHERE id = ?");
      count.setString(1, id);
      long seq;
      try (ResultSet r = count.executeQuery()) {
        if (!r.next()) throw new StoreException("no campaign " + id);
        seq = r.getLong(1);
      }
      long first = seq;
      // ON CONFLICT DO NOTHING (SQLite and PostgreSQL alike) skips an address the campaign has.
      PreparedStatement insert = conn.prepare("INSERT INTO campaign_recipient (campaign_id, seq, email, vars, state)"
          + " VALUES (?, ?, ?, ?, 'pending') ON CONFLICT DO NOTHING");
      for (NewRecipient n : recipients) {
        insert.setString(1, id);
        insert.setLong(2, seq);
        insert.setString(3, n.email());
        insert.setString(4, n.vars());
        if (insert.executeUpdate() == 1) seq++;
      }
      PreparedStatement update = conn.prepare("UPDATE campaign SET recipient_count = ? WHERE id = ?");
      update.setLong(1, seq);
      update.setString(2, id);
      update.executeUpdate();
      return (int) (seq - first);
    });
  }

  @Override
  public List<CampaignRecipient> pending(String id, long afterSeq, int limit) {
    return recipients(id, RecipientState.PENDING, afterSeq, limit);
  }

  @Override
  public List<CampaignRecipient> recipients(String id, RecipientState state, long afterSeq, int limit) {
    return db.list("SELECT " + RECIPIENT_COLUMNS + " FROM campaign_recipient"
        + " WHERE campaign_id = ? AND state = ? AND seq > ? ORDER BY seq LIMIT ?", s -> {
          s.setString(1, id);
          s.setString(2, state.key());
          s.setLong(3, afterSeq);
          s.setInt(4, limit);
        }, r -> new CampaignRecipient(r.getLong(1), r.getString(2), r.getString(3),
            RecipientState.ofKey(r.getString(4)), r.getString(5), r.getString(6)));
  }

  @Override
  public void assignQueueIds(String id, Map<Long, String> queueIdBySeq) {
    if (queueIdBySeq.isEmpty()) return;
    db.write(conn -> {
      PreparedStatement s =
          conn.prepare("UPDATE campaign_recipient SET queue_id = ? WHERE campaign_id = ? AND seq = ?");
      for (Map.Entry<Long, String> e : queueIdBySeq.entrySet()) {
        s.setString(1, e.getValue());
        s.setString(2, id);
        s.setLong(3, e.getKey());
        s.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public void record(String id, List<Outcome> outcomes) {
    if (outcomes.isEmpty()) return;
    db.write(conn -> {
      PreparedStatement s = conn.prepare("UPDATE campaign_recipient SET state = ?, detail = ?"
          + " WHERE campaign_id = ? AND seq = ? AND state = ?");
      Map<RecipientState, Long> delta = new EnumMap<>(RecipientState.class);
      for (Outcome o : outcomes) {
        s.setString(1, o.to().key());
        s.setString(2, o.detail());
        s.setString(3, id);
        s.setLong(4, o.seq());
        s.setString(5, o.from().key());
        // A row no longer in the expected state was moved by someone else; it is not counted twice.
        if (s.executeUpdate() == 1) {
          delta.merge(o.to(), 1L, Long::sum);
          delta.merge(o.from(), -1L, Long::sum);
        }
      }
      addCounts(conn, id, delta);
      return null;
    });
  }

  @Override
  public long cancelPending(String id) {
    return db.write(conn -> {
      PreparedStatement s = conn.prepare("UPDATE campaign_recipient SET state = 'cancelled'"
          + " WHERE campaign_id = ? AND state = 'pending'");
      s.setString(1, id);
      long n = s.executeUpdate();
      addCounts(conn, id, Map.of(RecipientState.CANCELLED, n));
      return n;
    });
  }

  /** Pending is not a column: it is what the other counts leave of recipient_count. */
  private static void addCounts(SqliteConnections.CachedConnection conn, String id, Map<RecipientState, Long> delta)
      throws SQLException {
    PreparedStatement s = conn.prepare("UPDATE campaign SET queued_count = queued_count + ?,"
        + " suppressed_count = suppressed_count + ?, failed_count = failed_count + ?,"
        + " cancelled_count = cancelled_count + ? WHERE id = ?");
    s.setLong(1, delta.getOrDefault(RecipientState.QUEUED, 0L));
    s.setLong(2, delta.getOrDefault(RecipientState.SUPPRESSED, 0L));
    s.setLong(3, delta.getOrDefault(RecipientState.FAILED, 0L));
    s.setLong(4, delta.getOrDefault(RecipientState.CANCELLED, 0L));
    s.setString(5, id);
    s.executeUpdate();
  }

  private static Campaign campaign(ResultSet r) throws SQLException {
    var counts = new CampaignCounts(r.getLong(8), r.getLong(9), r.getLong(10), r.getLong(11), r.getLong(12));
    return new Campaign(r.getString(1), r.getString(2), r.getString(3), CampaignState.ofKey(r.getString(4)),
        r.getString(5), r.getString(6), r.getBoolean(7), new TrackingOptions(r.getBoolean(16), r.getBoolean(17)),
        counts, Instant.ofEpochMilli(r.getLong(13)), instant(r, 14), instant(r, 15));
  }
}
