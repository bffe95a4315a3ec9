package dev.outpost.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings a database to the newest schema with Flyway: the versioned SQL files
 * {@code V<n>__<what>.sql} in {@code dev/outpost/store/migration}, each applied once and in
 * order, recorded in Flyway's history table. A migration once released is never edited: a change
 * is a new file. The same files serve PostgreSQL, so they hold portable SQL only.
 */
final class Migrations {
  static final String LOCATION = "classpath:dev/outpost/store/migration";

  private Migrations() {}

  static void apply(String jdbcUrl) {
    try {
      Flyway.configure()
          .dataSource(jdbcUrl, null, null)
          .locations(LOCATION)
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new StoreException("cannot migrate the state database " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }
}
