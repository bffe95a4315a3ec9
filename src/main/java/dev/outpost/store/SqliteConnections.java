package dev.outpost.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The connections of one SQLite database: one writer and a small pool of readers, each keeping
 * its prepared statements.
 *
 * <p>Why this shape: SQLite lets one transaction write at a time, and a second writer in the
 * same process would only spin in the busy handler. So writes take turns on a lock (a
 * {@link ReentrantLock}, which parks a virtual thread instead of pinning it) and go through the
 * one write connection. In WAL mode readers are never blocked by the writer, so lookups, the AUTH
 * path among them, go to read-only connections from a pool with one connection per processor. A
 * connection is used by one thread at a time, which is what makes its statement cache safe. The
 * busy timeout covers the other processes: the CLI writing while the server runs.
 */
final class SqliteConnections implements AutoCloseable {
  private static final int BUSY_TIMEOUT_MILLIS = 5_000;

  /** Work on a connection; it runs with the connection to itself. */
  @FunctionalInterface
  interface Work<T> {
    T run(CachedConnection connection) throws SQLException;
  }

  private final ReentrantLock writeTurn = new ReentrantLock();
  private final CachedConnection writer;
  private final BlockingQueue<CachedConnection> readers;
  private final List<CachedConnection> all = new ArrayList<>();

  SqliteConnections(String url, int readerCount) throws SQLException {
    writer = open(url, false);
    readers = new ArrayBlockingQueue<>(readerCount);
    for (int i = 0; i < readerCount; i++) readers.add(open(url, true));
  }

  private CachedConnection open(String url, boolean readOnly) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL: a command that reported success keeps its change through a power loss. Writes are
    // rare (administration, and the usage flush every few seconds), so the fsync costs nothing.
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    // IMMEDIATE takes the write lock at BEGIN, so a transaction that reads and then writes never
    // fails half-way because another process started writing in between.
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.setReadOnly(readOnly);
    CachedConnection c = new CachedConnection(config.createConnection(url));
    all.add(c);
    return c;
  }

  <T> T read(Work<T> work) {
    CachedConnection c;
    try {
      c = readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a database connection");
    }
    try {
      return work.run(c);
    } catch (SQLException e) {
      throw translate(e);
    } finally {
      readers.add(c);
    }
  }

  /** Runs {@code work} in one transaction: all of it is committed, or none of it. */
  <T> T write(Work<T> work) {
    writeTurn.lock();
    try {
      Connection connection = writer.connection();
      connection.setAutoCommit(false);
      try {
        T result = work.run(writer);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw translate(e);
    } finally {
      writeTurn.unlock();
    }
  }

  /** Runs one statement in a transaction of its own; the number of rows it changed. */
  int update(String sql, Statements.Parameters parameters) {
    return write(c -> bound(c, sql, parameters).executeUpdate());
  }

  /** The first row of one query, read on a reader connection. */
  <T> Optional<T> first(String sql, Statements.Parameters parameters, Statements.Row<T> row) {
    return read(c -> Statements.first(bound(c, sql, parameters), row));
  }

  /** Every row of one query, read on a reader connection. */
  <T> List<T> list(String sql, Statements.Parameters parameters, Statements.Row<T> row) {
    return read(c -> Statements.all(bound(c, sql, parameters), row));
  }

  private static PreparedStatement bound(CachedConnection c, String sql, Statements.Parameters parameters)
      throws SQLException {
    PreparedStatement s = c.prepare(sql);
    parameters.bind(s);
    return s;
  }

  private static StoreException translate(SQLException e) {
    if (e instanceof SQLiteException s && isConflict(s.getResultCode())) {
      return new StoreConflictException(s.getMessage(), e);
    }
    return new StoreException("state database: " + e.getMessage(), e);
  }

  private static boolean isConflict(SQLiteErrorCode code) {
    return code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
        || code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
        || code == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY;
  }

  @Override
  public void close() {
    writeTurn.lock();
    try {
      for (CachedConnection c : all) c.close();
    } finally {
      writeTurn.unlock();
    }
  }

  /** A connection and the statements prepared on it, reused across calls. */
  static final class CachedConnection {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    private CachedConnection(Connection connection) {
      this.connection = connection;
    }

    Connection connection() {
      return connection;
    }

    /** The prepared statement for {@code sql}, its parameters cleared. */
    PreparedStatement prepare(String sql) throws SQLException {
      PreparedStatement s = statements.get(sql);
      if (s == null) {
        s = connection.prepareStatement(sql);
        statements.put(sql, s);
      } else {
        s.clearParameters();
      }
      return s;
    }

    private void close() {
      try {
        for (PreparedStatement s : statements.values()) s.close();
        connection.close();
      } catch (SQLException e) {
        throw new StoreException("state database: cannot close: " + e.getMessage(), e);
      }
    }
  }
}
