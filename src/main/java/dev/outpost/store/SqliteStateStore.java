package dev.outpost.store;

import static dev.outpost.store.Statements.instant;
import static dev.outpost.store.Statements.setInstant;

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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
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
    db.update("INSERT INTO account (name, enabled, bounce_address, max_per_hour, max_per_day,"
        + " max_per_month, max_recipients, max_message_size, locked_until, list_unsubscribe, created_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s -> {
          s.setString(1, a.name());
          bindAccountFields(s, a, 2);
          s.setLong(11, a.createdAt().toEpochMilli());
        });
  }

  @Override
  public boolean updateAccount(Account a) {
    return db.update("UPDATE account SET enabled = ?, bounce_address = ?, max_per_hour = ?,"
        + " max_per_day = ?, max_per_month = ?, max_recipients = ?, max_message_size = ?, locked_until = ?,"
        + " list_unsubscribe = ? WHERE name = ?", s -> {
          bindAccountFields(s, a, 1);
          s.setString(10, a.name());
        }) == 1;
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
    return db.first("SELECT " + ACCOUNT_COLUMNS + " FROM account a WHERE a.name = ?", s -> s.setString(1, name),
        r -> account(r, 1));
  }

  @Override
  public List<Account> listAccounts() {
    return db.list("SELECT " + ACCOUNT_COLUMNS + " FROM account a ORDER BY a.name", s -> {}, r -> account(r, 1));
  }

  @Override
  public boolean deleteAccount(String name) {
    return db.update("DELETE FROM account WHERE name = ?", s -> s.setString(1, name)) == 1;
  }

  private static Account account(ResultSet r, int first) throws SQLException {
    AccountLimits limits = new AccountLimits(r.getLong(first + 3), r.getLong(first + 4), r.getLong(first + 5),
        r.getInt(first + 6), r.getLong(first + 7));
    return new Account(r.getString(first), r.getBoolean(first + 1), r.getString(first + 2), limits,
        r.getBoolean(first + 10), instant(r, first + 8), Instant.ofEpochMilli(r.getLong(first + 9)));
  }

  @Override
  public void insertCredential(Credential cr) {
    db.update("INSERT INTO credential (username, account_name, password_hash, created_at) VALUES (?, ?, ?, ?)", s -> {
      s.setString(1, cr.username());
      s.setString(2, cr.account());
      s.setString(3, cr.passwordHash());
      s.setLong(4, cr.createdAt().toEpochMilli());
    });
  }

  @Override
  public Optional<Login> findLogin(String username) {
    return db.first("SELECT cr.username, cr.account_name, cr.password_hash, cr.created_at, " + ACCOUNT_COLUMNS
        + " FROM credential cr JOIN account a ON a.name = cr.account_name WHERE cr.username = ?",
        s -> s.setString(1, username), r -> new Login(credential(r), account(r, 5)));
  }

  @Override
  public List<Credential> listCredentials(String account) {
    return db.list("SELECT username, account_name, password_hash, created_at FROM credential"
        + " WHERE account_name = ? ORDER BY username", s -> s.setString(1, account), SqliteStateStore::credential);
  }

  private static Credential credential(ResultSet r) throws SQLException {
    return new Credential(r.getString(1), r.getString(2), r.getString(3), Instant.ofEpochMilli(r.getLong(4)));
  }

  @Override
  public boolean replacePasswordHash(String username, String expected, String replacement) {
    return db.update("UPDATE credential SET password_hash = ? WHERE username = ? AND password_hash = ?", s -> {
      s.setString(1, replacement);
      s.setString(2, username);
      s.setString(3, expected);
    }) == 1;
  }

  @Override
  public boolean deleteCredential(String username) {
    return db.update("DELETE FROM credential WHERE username = ?", s -> s.setString(1, username)) == 1;
  }

  @Override
  public void insertDomain(SendingDomain d) {
    db.update("INSERT INTO sending_domain (domain, account_name, include_subdomains, created_at) VALUES (?, ?, ?, ?)",
        s -> {
          s.setString(1, d.domain());
          s.setString(2, d.account());
          s.setBoolean(3, d.includeSubdomains());
          s.setLong(4, d.createdAt().toEpochMilli());
        });
  }

  @Override
  public Optional<SendingDomain> findDomain(String domain) {
    return db.first("SELECT domain, account_name, include_subdomains, created_at FROM sending_domain WHERE domain = ?",
        s -> s.setString(1, domain), SqliteStateStore::domain);
  }

  @Override
  public List<SendingDomain> listDomains(String account) {
    return db.list("SELECT domain, account_name, include_subdomains, created_at FROM sending_domain"
        + " WHERE account_name = ? ORDER BY domain", s -> s.setString(1, account), SqliteStateStore::domain);
  }

  private static SendingDomain domain(ResultSet r) throws SQLException {
    return new SendingDomain(r.getString(1), r.getString(2), r.getBoolean(3), Instant.ofEpochMilli(r.getLong(4)));
  }

  @Override
  public boolean deleteDomain(String account, String domain) {
    return db.update("DELETE FROM sending_domain WHERE account_name = ? AND domain = ?", s -> {
      s.setString(1, account);
      s.setString(2, domain);
    }) == 1;
  }

  @Override
  public void insertApiKey(ApiKey k) {
    db.update("INSERT INTO api_key (key_hash, hint, account_name, scope, created_at) VALUES (?, ?, ?, ?, ?)", s -> {
      s.setString(1, k.hash());
      s.setString(2, k.hint());
      s.setString(3, k.account());
      s.setString(4, k.scope().key());
      s.setLong(5, k.createdAt().toEpochMilli());
    });
  }

  @Override
  public Optional<ApiKey> findApiKey(String hash) {
    return db.first("SELECT key_hash, hint, account_name, scope, created_at FROM api_key WHERE key_hash = ?",
        s -> s.setString(1, hash), SqliteStateStore::apiKey);
  }

  @Override
  public List<ApiKey> listApiKeys(String account) {
    return db.list("SELECT key_hash, hint, account_name, scope, created_at FROM api_key"
        + " WHERE account_name = ? ORDER BY created_at, hint", s -> s.setString(1, account), SqliteStateStore::apiKey);
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
    return db.first("SELECT account_name, secret, last_used_step, enrolled_at FROM totp_secret WHERE account_name = ?",
        s -> s.setString(1, account),
        r -> new TotpSecret(r.getString(1), r.getString(2), r.getLong(3), Instant.ofEpochMilli(r.getLong(4))));
  }

  @Override
  public boolean advanceTotpStep(String account, long step) {
    return db.update("UPDATE totp_secret SET last_used_step = ? WHERE account_name = ? AND last_used_step < ?", s -> {
      s.setLong(1, step);
      s.setString(2, account);
      s.setLong(3, step);
    }) == 1;
  }

  @Override
  public boolean useRecoveryCode(String account, String codeHash, Instant now) {
    return db.update("UPDATE recovery_code SET used_at = ?"
        + " WHERE account_name = ? AND code_hash = ? AND used_at IS NULL", s -> {
          s.setLong(1, now.toEpochMilli());
          s.setString(2, account);
          s.setString(3, codeHash);
        }) == 1;
  }

  @Override
  public int unusedRecoveryCodes(String account) {
    // COUNT(*) returns one row even when nothing matches.
    return db.first("SELECT COUNT(*) FROM recovery_code WHERE account_name = ? AND used_at IS NULL",
        s -> s.setString(1, account), r -> r.getInt(1)).orElseThrow();
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
    return db.first("SELECT messages FROM usage_count WHERE account_name = ? AND window_kind = ? AND window_start = ?",
        s -> {
          s.setString(1, account);
          s.setString(2, kind.key());
          s.setLong(3, start.toEpochMilli());
        }, r -> r.getLong(1)).orElse(0L);
  }

  @Override
  public int deleteUsageBefore(Instant before) {
    return db.update("DELETE FROM usage_count WHERE window_start < ?", s -> s.setLong(1, before.toEpochMilli()));
  }

  @Override
  public void insertBlocklistEvent(BlocklistEvent e) {
    db.update("INSERT INTO blocklist_event (subject, zone, listed, reason, occurred_at) VALUES (?, ?, ?, ?, ?)", s -> {
      s.setString(1, e.subject());
      s.setString(2, e.zone());
      s.setBoolean(3, e.listed());
      s.setString(4, e.reason());
      s.setLong(5, e.at().toEpochMilli());
    });
  }

  @Override
  public List<BlocklistEvent> listBlocklistEvents(int limit) {
    return db.list("SELECT subject, zone, listed, reason, occurred_at FROM blocklist_event"
        + " ORDER BY occurred_at DESC, subject, zone LIMIT ?", s -> s.setInt(1, limit),
        SqliteStateStore::blocklistEvent);
  }

  @Override
  public List<BlocklistEvent> listCurrentBlocklistings() {
    return db.list("SELECT e.subject, e.zone, e.listed, e.reason, e.occurred_at"
        + " FROM blocklist_event e WHERE e.listed = ? AND e.occurred_at = (SELECT MAX(x.occurred_at)"
        + " FROM blocklist_event x WHERE x.subject = e.subject AND x.zone = e.zone) ORDER BY e.subject, e.zone",
        s -> s.setBoolean(1, true), SqliteStateStore::blocklistEvent);
  }

  private static BlocklistEvent blocklistEvent(ResultSet r) throws SQLException {
    return new BlocklistEvent(r.getString(1), r.getString(2), r.getBoolean(3), r.getString(4),
        Instant.ofEpochMilli(r.getLong(5)));
  }

  @Override
  public void putSuppression(Suppression e) {
    db.update("INSERT INTO suppression (scope, address, reason, detail, created_at, expires_at)"
        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (scope, address) DO UPDATE SET reason = excluded.reason,"
        + " detail = excluded.detail, created_at = excluded.created_at, expires_at = excluded.expires_at", s -> {
          s.setString(1, e.scope().key());
          s.setString(2, e.address());
          s.setString(3, e.reason().key());
          s.setString(4, e.detail());
          s.setLong(5, e.createdAt().toEpochMilli());
          setInstant(s, 6, e.expiresAt());
        });
  }

  @Override
  public Optional<Suppression> findSuppression(SuppressionScope scope, String address) {
    return db.first(SUPPRESSION_SELECT + " WHERE scope = ? AND address = ?", s -> {
      s.setString(1, scope.key());
      s.setString(2, Suppression.normalise(address));
    }, SqliteStateStore::suppression);
  }

  @Override
  public List<Suppression> listSuppressions(SuppressionScope scope) {
    return db.list(SUPPRESSION_SELECT + " WHERE scope = ? ORDER BY address", s -> s.setString(1, scope.key()),
        SqliteStateStore::suppression);
  }

  @Override
  public List<Suppression> listSuppressions(SuppressionScope scope, String after, int limit) {
    return db.list(SUPPRESSION_SELECT + " WHERE scope = ? AND address > ? ORDER BY address LIMIT ?", s -> {
      s.setString(1, scope.key());
      // Every address sorts after the empty string.
      s.setString(2, after == null ? "" : Suppression.normalise(after));
      s.setInt(3, limit);
    }, SqliteStateStore::suppression);
  }

  @Override
  public boolean deleteSuppression(SuppressionScope scope, String address) {
    return db.update("DELETE FROM suppression WHERE scope = ? AND address = ?", s -> {
      s.setString(1, scope.key());
      s.setString(2, Suppression.normalise(address));
    }) == 1;
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
    return db.first("SELECT id, account_name, address, created_at FROM unsubscribe_mailbox WHERE id = ?",
        s -> s.setString(1, id),
        r -> new UnsubscribeMailbox(r.getString(1), r.getString(2), r.getString(3),
            Instant.ofEpochMilli(r.getLong(4))));
  }

  @Override
  public TrackingOptions tracking(String account) {
    return db.first("SELECT track_opens, track_clicks FROM account WHERE name = ?", s -> s.setString(1, account),
        r -> new TrackingOptions(r.getBoolean(1), r.getBoolean(2))).orElse(TrackingOptions.NONE);
  }

  @Override
  public boolean setTracking(String account, TrackingOptions tracking) {
    return db.update("UPDATE account SET track_opens = ?, track_clicks = ? WHERE name = ?", s -> {
      s.setBoolean(1, tracking.opens());
      s.setBoolean(2, tracking.clicks());
      s.setString(3, account);
    }) == 1;
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
}
