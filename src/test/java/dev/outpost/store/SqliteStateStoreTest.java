package dev.outpost.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.accounts.Account;
import dev.outpost.accounts.AccountLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStateStoreTest extends StateStoreContractTest {
  @TempDir Path dir;

  @Override
  protected StateStore openEmptyStore() {
    return SqliteStateStore.open(dir.resolve("data"));
  }

  @Test
  void theDatabaseIsStateDbInWalModeAndSurvivesReopening() throws Exception {
    store.insertAccount(new Account("acme", true, null, AccountLimits.UNLIMITED, true, null, T0));
    store.close();

    Path file = dir.resolve("data").resolve(SqliteStateStore.FILE_NAME);
    assertThat(file).exists();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet r = c.createStatement().executeQuery("PRAGMA journal_mode")) {
      r.next();
      assertThat(r.getString(1)).isEqualTo("wal");
    }

    store = SqliteStateStore.open(dir.resolve("data"));
    assertThat(store.findAccount("acme")).isPresent();
  }

  @Test
  void twoStoresOnOneDirectorySeeEachOthersWrites() {
    try (StateStore cli = SqliteStateStore.open(dir.resolve("data"))) {
      cli.insertAccount(new Account("added-by-cli", true, null, AccountLimits.UNLIMITED, true, null, T0));
    }

    assertThat(store.findAccount("added-by-cli")).isPresent();
  }

  /** An account made before V5 had no unsubscribe setting; it gets the default, on. */
  @Test
  void accountsFromBeforeTheUnsubscribeSettingHaveItOn() throws Exception {
    store.close();
    Path old = dir.resolve("old");
    Files.createDirectories(old);
    String url = "jdbc:sqlite:" + old.resolve(SqliteStateStore.FILE_NAME);
    Flyway.configure().dataSource(url, null, null).locations(Migrations.LOCATION).target("3").load().migrate();
    try (Connection c = DriverManager.getConnection(url)) {
      c.createStatement().executeUpdate("INSERT INTO account (name, enabled, max_per_hour, max_per_day, max_per_month,"
          + " max_recipients, max_message_size, created_at) VALUES ('early', TRUE, 0, 0, 0, 0, 0, 0)");
    }

    store = SqliteStateStore.open(old);

    assertThat(store.findAccount("early").orElseThrow().listUnsubscribe()).isTrue();
  }

  @Test
  void migrationsAreRecorded() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/state.db"));
        ResultSet r = c.createStatement().executeQuery(
            "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo("1");
      assertThat(r.getBoolean(2)).isTrue();
    }
    assertThat(Files.exists(dir.resolve("data/state.db"))).isTrue();
  }
}
