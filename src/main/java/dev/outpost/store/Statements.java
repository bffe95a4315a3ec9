package dev.outpost.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the stores bind a statement's parameters and read its rows. Plain JDBC, so that a
 * PostgreSQL store can share it; instants are stored as epoch milliseconds, {@code NULL} for none.
 */
final class Statements {
  /** Sets the parameters of a statement with the typed setters, so that a NULL keeps its column's type. */
  @FunctionalInterface
  interface Parameters {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** Turns the current row of a result into a value. */
  @FunctionalInterface
  interface Row<T> {
    T map(ResultSet row) throws SQLException;
  }

  private Statements() {}

  /** The first row of the query, if it returns any. */
  static <T> Optional<T> first(PreparedStatement query, Row<T> row) throws SQLException {
    try (ResultSet r = query.executeQuery()) {
      return r.next() ? Optional.of(row.map(r)) : Optional.empty();
    }
  }

  /** Every row of the query, in the order it returns them. */
  static <T> List<T> all(PreparedStatement query, Row<T> row) throws SQLException {
    List<T> out = new ArrayList<>();
    try (ResultSet r = query.executeQuery()) {
      while (r.next()) out.add(row.map(r));
    }
    return out;
  }

  static void setInstant(PreparedStatement s, int index, Instant t) throws SQLException {
    if (t == null) {
      s.setNull(index, Types.BIGINT);
    } else {
      s.setLong(index, t.toEpochMilli());
    }
  }

  static Instant instant(ResultSet r, int index) throws SQLException {
    long millis = r.getLong(index);
    return r.wasNull() ? null : Instant.ofEpochMilli(millis);
  }
}
