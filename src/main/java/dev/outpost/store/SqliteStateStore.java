package dev.outpost.store;

import dev.outpost.accounts.Account;
import dev.outpost.accounts.AccountLimits;
import dev.outpost.accounts.ApiKey;
import dev.outpost.accounts.ApiKeyScope;
import dev.outpost.accounts.Credential;
import dev.outpost.accounts.Login;
import dev.outpost.accounts.SendingDomain;
import dev.outpost.accounts.TotpSecret;
import dev.outpost.accounts.UsageWindow;
import dev.outpost.campaigns.CampaignStore;
import dev.outpost.events.EventStore;
import dev.outpost.reputation.BlocklistEvent;
import dev.outpost.suppression.Suppression;
import dev.outpost.webhooks.WebhookStore;
import dev.outpost.suppression.SuppressionReason;
import dev.outpost.suppression.SuppressionScope;
import dev.outpost.unsubscribe.UnsubscribeMailbox;
import dev.outpost.tracking.TrackingOptions;
import dev.outpost.store.SqliteConnections.CachedConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded state store: {@code state.db} in the data directory, SQLite in WAL mode, so the
 * CLI can change accounts while the server runs. The schema comes from the versioned migrations
 * in {@code dev/outpost/store/migration}, applied by {@link Migrations} on open.
 */
public final class SqliteStateStore implements StateStore {
  public static final String FILE_NAME = "state.db";

  private static final String ACCOUNT_COLUMNS = "a.name, a.enabled, a.bounce_address, a.max_per_hour, a.max_per_day,"
      + " a.max_per_month, a.max_recipients, a.max_message_size, a.locked_until, a.created_at, a.list_unsubscribe";
  private static final String SUPPRESSION_SELECT =
      "SELECT scope, address, reason, detail, created_at, expires_at FROM suppression";

  private final SqliteConnections db;
  private final SqliteEventStore events;
  private final SqliteWebhookStore webhooks;
  private final SqliteCampaignStore campaigns;

  private SqliteStateStore(SqliteConnections db) {
    this.db = db;
    this.events = new SqliteEventStore(db);
    this.webhooks = new SqliteWebhookStore(db);
    this.campaigns = new SqliteCampaignStore(db);
  }

  /** Opens {@code state.db} in {@code dataDir}, creating both as needed, and migrates it. */
  public static SqliteStateStore open(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new StoreException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
    }
    String url = "jdbc:sqlite:" + dataDir.resolve(FILE_NAME).toAbsolutePath();
    Migrations.apply(url);
    try {
      return new SqliteStateStore(new SqliteConnections(url, Math.max(2, Runtime.getRuntime().availableProcessors())));
    } catch (SQLException e) {
      throw new StoreException("cannot open " + dataDir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void insertAccount(Account a) {
    db.write(c -> {
      PreparedStatement s = c.prepare("INSERT INTO account (name, enabled, bounce_address, max_per_hour, max_per_day,"
          + " max_per_month, max_recipients, max_message_size, locked_until, list_unsubscribe, created_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      s.setString(1, a.name());
      bindAccountFields(s, a, 2);
      s.setLong(11, a.createdAt().toEpochMilli());
      return s.executeUpdate();
    });
  }

  @Override
  public boolean updateAccount(Account a) {
    return db.write(c -> {
      PreparedStatement s = c.prepare("UPDATE account SET enabled = ?, bounce_address = ?, max_per_hour = ?,"
          + " max_per_day = ?, max_per_month = ?, max_recipients = ?, max_message_size = ?, locked_until = ?,"
          + " list_unsubscribe = ? WHERE name = ?");
      bindAccountFields(s, a, 1);
      s.setString(10, a.name());
      return s.executeUpdate() == 1;
    });
  }

  private static void bindAccountFields(PreparedStatement s, Account a, int first) throws SQLException {
    AccountLimits l = a.limits();
    s.setBoolean(first, a.enabled());
    s.setString(first + 1, a.bounceAddress());
    s.setLong(first + 2, l.messagesPerHour());
    s.setLong(first + 3, l.messagesPerDay());
    s.setLong(first + 4, l.messagesPerMonth());
    s.setInt(first + 5, l.recipientsPerMessage());
    s.setLong(first + 6, l.maxMessageSize());
    setInstant(s, first + 7, a.lockedUntil());
    s.setBoolean(first + 8, a.listUnsubscribe());
  }

  @Override
  public Optional<Account> findAccount(String name) {
    return db.read(c -> {
      PreparedStatement s = c.prepare("SELECT " + ACCOUNT_COLUMNS + " FROM account a WHERE a.name = ?");
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(account(r, 1)) : Optional.empty();
      }
    });
  }

  @Override
  public List<Account> listAccounts() {
    return db.read(c -> {
      List<Account> out = new ArrayList<>();
      try (ResultSet r = c.prepare("SELECT " + ACCOUNT_COLUMNS + " FROM account a ORDER BY a.name").executeQuery()) {
        while (r.next()) out.add(account(r, 1));
      }
      return out;
    });
  }

  @Override
  public boolean deleteAccount(String name) {
    return db.write(c -> {
      PreparedStatement s = c.prepare("DELETE FROM account WHERE name = ?");
      s.setString(1, name);
      return s.executeUpdate() == 1;
    });
  }

  private static Account account(ResultSet r, int first) throws SQLException {
    AccountLimits limits = new AccountLimits(r.getLong(first + 3), r.getLong(first + 4), r.getLong(first + 5),
        r.getInt(first + 6), r.getLong(first + 7));
    return new Account(r.getString(first), r.getBoolean(first + 1), r.getString(first + 2), limits,
        r.getBoolean(first + 10), instant(r, first + 8), Instant.ofEpochMilli(r.getLong(first + 9)));
  }

  @Override
  public void insertCredential(Credential cr) {
    db.write(c -> {
      PreparedStatement s = c.prepare(
          "INSERT INTO credential (username, account_name, password_hash, created_at) VALUES (?, ?, ?, ?)");
      s.setString(1, cr.username());
      s.setString(2, cr.account());
      s.setString(3, cr.passwordHash());
      s.setLong(4, cr.createdAt().toEpochMilli());
      return s.executeUpdate();
    });
  }

  @Override
  public Optional<Login> findLogin(String username) {
    return db.read(c -> {
      PreparedStatement s = c.prepare("SELECT cr.username, cr.account_name, cr.password_hash, cr.created_at, "
          + ACCOUNT_COLUMNS + " FROM credential cr JOIN account a ON a.name = cr.account_name WHERE cr.username = ?");
      s.setString(1, username);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(new Login(credential(r), account(r, 5))) : Optional.empty();
      }
    });
  }

  @Override
  public List<Credential> listCredentials(String account) {
    return db.read(c -> {
      PreparedStatement s = c.prepare("SELECT username, account_name, password_hash, created_at FROM credential"
          + " WHERE account_name = ? ORDER BY username");
      s.setString(1, account);
      List<Credential> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) out.add(credential(r));
      }
      return out;
    });
  }

  private static Credential credential(ResultSet r) throws SQLException {
    return new Credential(r.getString(1), r.getString(2), r.getString(3), Instant.ofEpochMilli(r.getLong(4)));
  }

  @Override
  public boolean replacePasswordHash(String username, String expected, String replacement) {
    return db.write(c -> {
      PreparedStatement s = c.prepare("UPDATE credential SET password_hash = ? WHERE username = ? AND password_hash = ?");
      s.setString(1, replacement);
      s.setString(2, username);
      s.setString(3, expected);
      return s.executeUpdate() == 1;
    });
  }

  @Override
  public boolean deleteCredential(String username) {
    return db.write(c -> {
      PreparedStatement s = c.prepare("DELETE FROM credential WHERE username = ?");
      s.setString(1, username);
      return s.executeUpdate() == 1;
    });
  }

  @Override
  public void insertDomain(SendingDomain d) {
    db.write(c -> {
      PreparedStatement s = c.prepare(
          "INSERT INTO sending_domain (domain, account_name, include_subdomains, created_at) VALUES (?, ?, ?, ?)");
      s.setString(1, d.domain());
      s.setString(2, d.account());
      s.setBoolean(3, d.includeSubdomains());
      s.setLong(4, d.createdAt().toEpochMilli());
      return s.executeUpdate();
    });
  }

  @Override
  public Optional<SendingDomain> findDomain(String domain) {
    return db.read(c -> {
      PreparedStatement s = c.prepare(
          "SELECT domain, account_name, include_subdomains, created_at FROM sending_domain WHERE domain = ?");
      s.setString(1, domain);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(domain(r)) : Optional.empty();
      }
    });
  }

  @Override
  public List<SendingDomain> listDomains(String account) {
    return db.read(c -> {
      PreparedStatement s = c.prepare("SELECT domain, account_name, include_subdomains, created_at FROM sending_domain"
          + " WHERE account_name = ? ORDER BY domain");
      s.setString(1, account);
      List<SendingDomain> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) out.add(domain(r));
      }
      return out;
    });
  }

  private static SendingDomain domain(ResultSet r) throws SQLException {
    return new SendingDomain(r.getString(1), r.getString(2), r.getBoolean(3), Instant.ofEpochMilli(r.getLong(4)));
  }

  @Override
  public boolean deleteDomain(String account, String domain) {
    return db.write(c -> {
      PreparedStatement s = c.prepare("DELETE FROM sending_domain WHERE account_name = ? AND domain = ?");
      s.setString(1, account);
      s.setString(2, domain);
      return s.executeUpdate() == 1;
    });
  }

  @Override
  public void insertApiKey(ApiKey k) {
    db.write(c -> {
      PreparedStatement s = c.prepare(
          "INSERT INTO api_key (key_hash, hint, account_name, scope, created_at) VALUES (?, ?, ?, ?, ?)");
      s.setString(1, k.hash());
      s.setString(2, k.hint());
      s.setString(3, k.account());
      s.setString(4, k.scope().key());
      s.setLong(5, k.createdAt().toEpochMilli());
      return s.executeUpdate();
    });
  }

  @Override
  public Optional<ApiKey> findApiKey(String hash) {
    return db.read(c -> {
      PreparedStatement s = c.prepare(
          "SELECT key_hash, hint, account_name, scope, created_at FROM api_key WHERE key_hash = ?");
      s.setString(1, hash);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(apiKey(r)) : Optional.empty();
      }
    });
  }

  @Override
  public List<ApiKey> listApiKeys(String account) {
    return db.read(c -> {
      PreparedStatement s = c.prepare("SELECT key_hash, hint, account_name, scope, created_at FROM api_key"
          + " WHERE account_name = ? ORDER BY created_at, hint");
      s.setString(1, account);
      List<ApiKey> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) out.add(apiKey(r));
      }
      return out;
    });
  }

  private static ApiKey apiKey(ResultSet r) throws SQLException {
    return new ApiKey(r.getString(1), r.getString(2), r.getString(3), ApiKeyScope.ofKey(r.getString(4)),
        Instant.ofEpochMilli(r.getLong(5)));
  }

  @Override
  public void replaceTotp(TotpSecret t, List<String> recoveryCodeHashes) {
    db.write(c -> {
      PreparedStatement delete = c.prepare("DELETE FROM totp_secret WHERE account_name = ?");
      delete.setString(1, t.account());
      delete.executeUpdate();
      PreparedStatement insert = c.prepare(
          "INSERT INTO totp_secret (account_name, secret, last_used_step, enrolled_at) VALUES (?, ?, ?, ?)");
      insert.setString(1, t.account());
      insert.setString(2, t.secretBase32());
      insert.setLong(3, t.lastUsedStep());
      insert.setLong(4, t.enrolledAt().toEpochMilli());
      insert.executeUpdate();
      PreparedStatement code = c.prepare("INSERT INTO recovery_code (account_name, code_hash, used_at) VALUES (?, ?, ?)");
      for (String hash : recoveryCodeHashes) {
        code.setString(1, t.account());
        code.setString(2, hash);
        code.setNull(3, Types.BIGINT);
        code.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Optional<TotpSecret> findTotp(String account) {
    return db.read(c -> {
      PreparedStatement s = c.prepare(
          "SELECT account_name, secret, last_used_step, enrolled_at FROM totp_secret WHERE account_name = ?");
      s.setString(1, account);
      try (ResultSet r = s.executeQuery()) {
        return r.next()
            ? Optional.of(new TotpSecret(r.getString(1), r.getString(2), r.getLong(3), Instant.ofEpochMilli(r.getLong(4))))
            : Optional.empty();
      }
    });
  }

  @Override
  public boolean advanceTotpStep(String account, long step) {
    return db.write(c -> {
      PreparedStatement s = c.prepare(
          "UPDATE totp_secret SET last_used_step = ? WHERE account_name = ? AND last_used_step < ?");
      s.setLong(1, step);
      s.setString(2, account);
      s.setLong(3, step);
      return s.executeUpdate() == 1;
    });
  }

  @Override
  public boolean useRecoveryCode(String account, String codeHash, Instant now) {
    return db.write(c -> {
      PreparedStatement s = c.prepare(
          "UPDATE recovery_code SET used_at = ? WHERE account_name = ? AND code_hash = ? AND used_at IS NULL");
      s.setLong(1, now.toEpochMilli());
      s.setString(2, account);
      s.setString(3, codeHash);
      return s.executeUpdate() == 1;
    });
  }

  @Override
  public int unusedRecoveryCodes(String account) {
    return db.read(c -> {
      PreparedStatement s = c.prepare(
          "SELECT COUNT(*) FROM recovery_code WHERE account_name = ? AND used_at IS NULL");
      s.setString(1, account);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    });
  }

  @Override
  public void addUsage(String account, Map<UsageWindow, Map<Instant, Long>> messages) {
    db.write(c -> {
      // INSERT ... SELECT ... WHERE EXISTS skips an account deleted since the counts were taken;
      // ON CONFLICT ... DO UPDATE is the upsert SQLite and PostgreSQL share.
      PreparedStatement s = c.prepare("INSERT INTO usage_count (account_name, window_kind, window_start, messages)"
          + " SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM account WHERE name = ?)"
          + " ON CONFLICT (account_name, window_kind, window_start)"
          + " DO UPDATE SET messages = usage_count.messages + excluded.messages");
      for (Map.Entry<UsageWindow, Map<Instant, Long>> kind : messages.entrySet()) {
        for (Map.Entry<Instant, Long> window : kind.getValue().entrySet()) {
          s.setString(1, account);
          s.setString(2, kind.getKey().key());
          s.setLong(3, window.getKey().toEpochMilli());
          s.setLong(4, window.getValue());
          s.setString(5, account);
          s.executeUpdate();
        }
      }
      return null;
    });
  }

  @Override
  public long usage(String account, UsageWindow kind, Instant start) {
    return db.read(c -> {
      PreparedStatement s = c.prepare(
          "SELECT messages FROM usage_count WHERE account_name = ? AND window_kind = ? AND window_start = ?");
      s.setString(1, account);
      s.setString(2, kind.key());
      s.setLong(3, start.toEpochMilli());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : 0L;
      }
    });
  }

  @Override
  public int deleteUsageBefore(Instant before) {
    return db.write(c -> {
      PreparedStatement s = c.prepare("DELETE FROM usage_count WHERE window_start < ?");
      s.setLong(1, before.toEpochMilli());
      return s.executeUpdate();
    });
  }

  @Override
  public void insertBlocklistEvent(BlocklistEvent e) {
    db.write(c -> {
      PreparedStatement s = c.prepare(
          "INSERT INTO blocklist_event (subject, zone, listed, reason, occurred_at) VALUES (?, ?, ?, ?, ?)");
      s.setString(1, e.subject());
      s.setString(2, e.zone());
      s.setBoolean(3, e.listed());
      s.setString(4, e.reason());
      s.setLong(5, e.at().toEpochMilli());
      return s.executeUpdate();
    });
  }

  @Override
  public List<BlocklistEvent> listBlocklistEvents(int limit) {
    return db.read(c -> {
      PreparedStatement s = c.prepare("SELECT subject, zone, listed, reason, occurred_at FROM blocklist_event"
          + " ORDER BY occurred_at DESC, subject, zone LIMIT ?");
      s.setInt(1, limit);
      return blocklistEvents(s);
    });
  }

  @Override
  public List<BlocklistEvent> listCurrentBlocklistings() {
    return db.read(c -> {
      PreparedStatement s = c.prepare("SELECT e.subject, e.zone, e.listed, e.reason, e.occurred_at"
          + " FROM blocklist_event e WHERE e.listed = ? AND e.occurred_at = (SELECT MAX(x.occurred_at)"
          + " FROM blocklist_event x WHERE x.subject = e.subject AND x.zone = e.zone) ORDER BY e.subject, e.zone");
      s.setBoolean(1, true);
      return blocklistEvents(s);
    });
  }

  private static List<BlocklistEvent> blocklistEvents(PreparedStatement s) throws SQLException {
    List<BlocklistEvent> out = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        out.add(new BlocklistEvent(r.getString(1), r.getString(2), r.getBoolean(3), r.getString(4),
            Instant.ofEpochMilli(r.getLong(5))));
      }
    }
    return out;
  }

  @Override
  public void putSuppression(Suppression e) {
    db.write(c -> {
      PreparedStatement s = c.prepare("INSERT INTO suppression (scope, address, reason, detail, created_at, expires_at)"
          + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (scope, address) DO UPDATE SET reason = excluded.reason,"
          + " detail = excluded.detail, created_at = excluded.created_at, expires_at = excluded.expires_at");
      s.setString(1, e.scope().key());
      s.setString(2, e.address());
      s.setString(3, e.reason().key());
      s.setString(4, e.detail());
      s.setLong(5, e.createdAt().toEpochMilli());
      setInstant(s, 6, e.expiresAt());
      return s.executeUpdate();
    });
  }

  @Override
  public Optional<Suppression> findSuppression(SuppressionScope scope, String address) {
    return db.read(c -> {
      PreparedStatement s = c.prepare(SUPPRESSION_SELECT + " WHERE scope = ? AND address = ?");
      s.setString(1, scope.key());
      s.setString(2, Suppression.normalise(address));
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(suppression(r)) : Optional.empty();
      }
    });
  }

  @Override
  public List<Suppression> listSuppressions(SuppressionScope scope) {
    return db.read(c -> {
      PreparedStatement s = c.prepare(SUPPRESSION_SELECT + " WHERE scope = ? ORDER BY address");
      s.setString(1, scope.key());
      List<Suppression> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) out.add(suppression(r));
      }
      return out;
    });
  }

  @Override
  public List<Suppression> listSuppressions(SuppressionScope scope, String after, int limit) {
    return db.read(c -> {
      PreparedStatement s = c.prepare(SUPPRESSION_SELECT + " WHERE scope = ? AND address > ? ORDER BY address LIMIT ?");
      s.setString(1, scope.key());
      // Every address sorts after the empty string.
      s.setString(2, after == null ? "" : Suppression.normalise(after));
      s.setInt(3, limit);
      List<Suppression> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) out.add(suppression(r));
      }
      return out;
    });
  }

  @Override
  public boolean deleteSuppression(SuppressionScope scope, String address) {
    return db.write(c -> {
      PreparedStatement s = c.prepare("DELETE FROM suppression WHERE scope = ? AND address = ?");
      s.setString(1, scope.key());
      s.setString(2, Suppression.normalise(address));
      return s.executeUpdate() == 1;
    });
  }

  @Override
  public void insertUnsubscribeMailboxes(List<UnsubscribeMailbox> mailboxes) {
    db.write(c -> {
      // As in addUsage: WHERE EXISTS skips a deleted account, ON CONFLICT keeps the first row.
      PreparedStatement s = c.prepare("INSERT INTO unsubscribe_mailbox (id, account_name, address, created_at)"
          + " SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM account WHERE name = ?) ON CONFLICT (id) DO NOTHING");
      for (UnsubscribeMailbox m : mailboxes) {
        s.setString(1, m.id());
        s.setString(2, m.account());
        s.setString(3, m.address());
        s.setLong(4, m.createdAt().toEpochMilli());
        s.setString(5, m.account());
        s.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Optional<UnsubscribeMailbox> findUnsubscribeMailbox(String id) {
    return db.read(c -> {
      PreparedStatement s = c.prepare(
          "SELECT id, account_name, address, created_at FROM unsubscribe_mailbox WHERE id = ?");
      s.setString(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next()
            ? Optional.of(new UnsubscribeMailbox(r.getString(1), r.getString(2), r.getString(3),
                Instant.ofEpochMilli(r.getLong(4))))
            : Optional.empty();
      }
    });
  }

  @Override
  public TrackingOptions tracking(String account) {
    return db.read(c -> {
      PreparedStatement s = c.prepare("SELECT track_opens, track_clicks FROM account WHERE name = ?");
      s.setString(1, account);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? new TrackingOptions(r.getBoolean(1), r.getBoolean(2)) : TrackingOptions.NONE;
      }
    });
  }

  @Override
  public boolean setTracking(String account, TrackingOptions tracking) {
    return db.write(c -> {
      PreparedStatement s = c.prepare("UPDATE account SET track_opens = ?, track_clicks = ? WHERE name = ?");
      s.setBoolean(1, tracking.opens());
      s.setBoolean(2, tracking.clicks());
      s.setString(3, account);
      return s.executeUpdate() == 1;
    });
  }

  private static Suppression suppression(ResultSet r) throws SQLException {
    return new Suppression(SuppressionScope.ofKey(r.getString(1)), r.getString(2),
        SuppressionReason.ofKey(r.getString(3)), r.getString(4), Instant.ofEpochMilli(r.getLong(5)), instant(r, 6));
  }

  /** The delivery events and their aggregates, in the same database; usable until {@link #close}. */
  public EventStore events() {
    return events;
  }

  /** The webhooks and their delivery logs, in the same database; usable until {@link #close}. */
  public WebhookStore webhooks() {
    return webhooks;
  }

  /** Campaigns and their recipients, in the same database; usable until {@link #close}. */
  public CampaignStore campaigns() {
    return campaigns;
  }

  @Override
  public void close() {
    db.close();
  }

  private static void setInstant(PreparedStatement s, int index, Instant t) throws SQLException {
    if (t == null) {
      s.setNull(index, Types.BIGINT);
    } else {
      s.setLong(index, t.toEpochMilli());
    }
  }

  private static Instant instant(ResultSet r, int index) throws SQLException {
    long millis = r.getLong(index);
    return r.wasNull() ? null : Instant.ofEpochMilli(millis);
  }
}
