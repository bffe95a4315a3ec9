package dev.outpost.spool;

import dev.outpost.metrics.SpoolMeters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default spool engine: one RocksDB database with an {@code envelopes} column family (key:
 * queue id) and a {@code bodies} column family (key: {@link BodyChunks#key queue id/chunk}).
 *
 * <p>Durability rests on one invariant: <b>a message exists exactly when its envelope does, and
 * an envelope is written only after every chunk of its body.</b> A small body is put in the same
 * synced write batch as its envelope. A large body is streamed as unsynced chunk writes while it
 * arrives, and the envelope follows in a synced batch; because a synced WAL write persists every
 * WAL record before it, and recovery replays a prefix of the WAL (point-in-time recovery), a
 * recovered envelope always comes with its whole body. Chunks whose envelope never came are
 * orphans, removed by {@link OrphanChunkSweeper} in the background after open.
 *
 * <p>Group commit: RocksDB merges concurrent synced writes into write groups that share one WAL
 * fsync. A thread waiting in such a group is blocked inside native code, where a virtual thread
 * pins its carrier; with as many carriers as cores, only that many commits could then wait
 * together. Synced writes therefore run on a pool of platform threads while the caller's virtual
 * thread parks on the result. Updates and deletes are unsynced; a background task syncs the WAL
 * every {@value #WAL_SYNC_MILLIS} ms so that a crash loses at most that window of them.
 *
 * <p>A full disk puts RocksDB into a read-only error state that RocksJava cannot resume. The next
 * write after such a failure reopens the database, which succeeds once space is back, so the
 * spool heals without a restart of the server.
 *
 * <p>Thread-safe. {@link #close} waits for operations in progress and then fails later ones with
 * an {@link IOException}; a body stream opened earlier fails from then on too.
 */
public final class RocksDbSpool implements Spool {
  static final long WAL_SYNC_MILLIS = 200;
  private static final Logger log = LoggerFactory.getLogger(RocksDbSpool.class);
  private static final int LOCK_STRIPES = 64;

  private final Path dir;
  private final RocksDbTuning tuning;
  private final SpoolMeters meters;
  private final ExecutorService committers;
  private final ScheduledExecutorService background;
  private final OrphanChunkSweeper sweeper;
  /** Readers and writers hold it shared; close and reopen hold it exclusively. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final ReentrantLock[] messageLocks = new ReentrantLock[LOCK_STRIPES];
  private final AtomicLong unsyncedWrites = new AtomicLong();
  /**
   * 64 free chunk buffers (16 MiB) cover the sessions receiving at once under the relay benchmark's
   * 50 connections; more concurrent messages get buffers made for them.
   */
  private final ChunkBuffers chunkBuffers = new ChunkBuffers(64);
  /** Null only after a reopen failed for want of space; the next write tries again. */
  private volatile RocksDbResources rocks;
  private volatile int generation;
  private volatile boolean needsReopen;
  private volatile boolean closing;
  private volatile boolean closed;

  private RocksDbSpool(Path dir, RocksDbTuning tuning, SpoolMeters meters) throws IOException {
    this.dir = dir;
    this.tuning = tuning;
    this.meters = meters;
    Files.createDirectories(dir);
    try {
      this.rocks = new RocksDbResources(dir, tuning);
    } catch (RocksDBException e) {
      throw new IOException("cannot open RocksDB spool in " + dir + ": " + e.getMessage(), e);
    }
    for (int i = 0; i < LOCK_STRIPES; i++) messageLocks[i] = new ReentrantLock();
    this.committers = tuning.commitThreads() == 0 ? null
        : Executors.newFixedThreadPool(tuning.commitThreads(), Thread.ofPlatform().daemon().name("spool-commit-", 0).factory());
    this.background = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("spool-background").factory());
    // The sweep reads only what existed before this constructor returned; chunks written later
    // belong to live writers and are invisible to its snapshot.
    this.sweeper = new OrphanChunkSweeper(rocks, () -> closing);
    background.execute(() -> guarded(sweeper::run));
    background.scheduleWithFixedDelay(this::syncWal, WAL_SYNC_MILLIS, WAL_SYNC_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Opens (creating if needed) the spool in {@code dir}. */
  public static RocksDbSpool open(Path dir) throws IOException {
    return open(dir, SpoolMeters.none());
  }

  /** As {@link #open(Path)}, timing commits and their synced writes into {@code meters}. */
  public static RocksDbSpool open(Path dir, SpoolMeters meters) throws IOException {
    return new RocksDbSpool(dir, RocksDbTuning.defaults(), meters);
  }

  static RocksDbSpool open(Path dir, RocksDbTuning tuning) throws IOException {
    return new RocksDbSpool(dir, tuning, SpoolMeters.none());
  }

  @Override
  public SpoolWriter begin(String queueId) throws IOException {
    QueueIds.requireSafe(queueId);
    checkOpen();
    return new RocksDbWriter(this, queueId, generation);
  }

  @Override
  public void forEachEnvelope(Consumer<Envelope> action) throws IOException {
    lifecycle.readLock().lock();
    try {
      RocksDbResources r = current();
      try (var options = new ReadOptions().setFillCache(false);
          RocksIterator it = r.db.newIterator(r.envelopes, options)) {
        for (it.seekToFirst(); it.isValid(); it.next()) action.accept(decode(it.key(), it.value()));
        it.status();
      }
    } catch (RocksDBException e) {
      throw RocksDbFailures.translate("reading envelopes", e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @Override
  public Envelope envelope(String queueId) throws IOException {
    return stored(QueueIds.requireSafe(queueId));
  }

  @Override
  public InputStream openBody(String queueId) throws IOException {
    Envelope envelope = stored(QueueIds.requireSafe(queueId));
    if (envelope == null) throw new NoSuchFileException(queueId, null, "no such message in the spool");
    return new ChunkInputStream(this, queueId, BodyChunks.count(envelope.bodySize()));
  }

  @Override
  public void update(Envelope envelope) throws IOException {
    String id = QueueIds.requireSafe(envelope.queueId());
    ReentrantLock lock = messageLock(id);
    lock.lock();
    try {
      Envelope old = stored(id);
      // Writing an envelope for a deleted message would resurrect it without a body.
      if (old == null) throw new NoSuchFileException(id, null, "cannot update: no such message in the spool");
      // The stored size names the chunk keys; an update must not change it.
      byte[] value = EnvelopeCodec.encode(EnvelopeCodec.withBodySize(envelope, old.bodySize()));
      write("update of " + id, false, (r, batch) -> batch.put(r.envelopes, BodyChunks.envelopeKey(id), value));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void delete(String queueId) throws IOException {
    ReentrantLock lock = messageLock(QueueIds.requireSafe(queueId));
    lock.lock();
    try {
      Envelope old = stored(queueId);
      if (old == null) return;
      int chunks = BodyChunks.count(old.bodySize());
      write("delete of " + queueId, false, (r, batch) -> {
        batch.delete(r.envelopes, BodyChunks.envelopeKey(queueId));
        for (int i = 0; i < chunks; i++) batch.delete(r.bodies, BodyChunks.key(queueId, i));
      });
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() throws IOException {
    closing = true;
    // Background work takes the read lock; it must be finished before the write lock is asked for.
    background.shutdown();
    awaitQuietly(background);
    lifecycle.writeLock().lock();
    try {
      if (closed) return;
      closed = true;
      if (committers != null) committers.shutdown();
      sweeper.release();
      RocksDbResources r = rocks;
      rocks = null;
      if (r != null) {
        try {
          r.db.flushWal(true);
        } finally {
          r.close();
        }
      }
    } catch (RocksDBException e) {
      throw new IOException("closing RocksDB spool in " + dir + " failed: " + e.getMessage(), e);
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  /** For {@link #write(String, boolean, int, BatchContent)}: any database generation will do. */
  static final int ANY_GENERATION = -1;

  /** What a write batch contains; filled in under the lifecycle lock, against the open database. */
  @FunctionalInterface
  interface BatchContent {
    void fill(RocksDbResources rocks, WriteBatch batch) throws RocksDBException;
  }

  /**
   * Applies one batch atomically. With {@code sync}, returns only once the batch and every write
   * before it are on stable storage; if it throws, nothing of the batch is applied.
   */
  void write(String operation, boolean sync, BatchContent content) throws IOException {
    write(operation, sync, ANY_GENERATION, content);
  }

  /**
   * Like {@link #write(String, boolean, BatchContent)}, but refuses when the database is no longer
   * the one of {@code requiredGeneration}. The check runs under the read lock, after any reopen,
   * so no reopen can slip between the check and the write.
   */
  void write(String operation, boolean sync, int requiredGeneration, BatchContent content) throws IOException {
    reopenIfNeeded();
    lifecycle.readLock().lock();
    try (var batch = new WriteBatch()) {
      if (requiredGeneration != ANY_GENERATION && requiredGeneration != generation) {
        throw new IOException("spool was reopened after a full disk during " + operation + "; send it again");
      }
      RocksDbResources r = current();
      content.fill(r, batch);
      if (sync && committers != null) {
        awaitCommit(operation, committers.submit(() -> {
          syncedWrite(r, batch);
          return null;
        }));
      } else if (sync) {
        syncedWrite(r, batch);
      } else {
        r.db.write(r.unsynced, batch);
        unsyncedWrites.incrementAndGet();
      }
    } catch (RocksDBException e) {
      throw failed(operation, e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Timed from inside: the wait for a committer thread is not the fsync's. */
  private void syncedWrite(RocksDbResources r, WriteBatch batch) throws RocksDBException {
    long start = System.nanoTime();
    r.db.write(r.synced, batch);
    meters.synced(start);
  }

  SpoolMeters meters() {
    return meters;
  }

  ChunkBuffers chunkBuffers() {
    return chunkBuffers;
  }

  /** Writes {@code chunk}'s content, unsynced, as chunk {@code number} of {@code queueId}. */
  void putChunk(String queueId, int number, ChunkBuffers.Chunk chunk) throws IOException {
    reopenIfNeeded();
    lifecycle.readLock().lock();
    try {
      RocksDbResources r = current();
      r.db.put(r.bodies, r.unsynced, chunk.key(queueId, number), chunk.content());
      unsyncedWrites.incrementAndGet();
    } catch (RocksDBException e) {
      throw failed("writing body of " + queueId, e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * Reads chunk {@code number} of {@code queueId} into {@code chunk}'s buffer, ready to be read.
   * False when there is no such chunk.
   */
  boolean readChunk(String queueId, int number, ChunkBuffers.Chunk chunk) throws IOException {
    lifecycle.readLock().lock();
    try {
      RocksDbResources r = current();
      ByteBuffer into = chunk.data().clear();
      int size = r.db.get(r.bodies, r.reads, chunk.key(queueId, number), into);
      if (size == RocksDB.NOT_FOUND) return false;
      if (size > into.capacity()) throw new IOException("chunk " + number + " of " + queueId + " is larger than a chunk");
      into.position(0).limit(size);
      return true;
    } catch (RocksDBException e) {
      throw RocksDbFailures.translate("reading body of " + queueId, e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }


  private Envelope stored(String queueId) throws IOException {
    lifecycle.readLock().lock();
    try {
      RocksDbResources r = current();
      byte[] key = BodyChunks.envelopeKey(queueId);
      byte[] value = r.db.get(r.envelopes, key);
      return value == null ? null : decode(key, value);
    } catch (RocksDBException e) {
      throw RocksDbFailures.translate("reading envelope of " + queueId, e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private Envelope decode(byte[] key, byte[] value) throws IOException {
    try {
      return EnvelopeCodec.decode(value);
    } catch (IOException e) {
      throw new IOException("unreadable envelope for " + new String(key, StandardCharsets.US_ASCII)
          + " in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void awaitCommit(String operation, Future<?> commit) throws IOException, RocksDBException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          commit.get();
          return;
        } catch (InterruptedException e) {
          // The batch may already be in the WAL; walking away would report a stored message as
          // lost. Finish waiting, then restore the interrupt.
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RocksDBException rocksError) throw rocksError;
      throw new IOException("spool " + operation + " failed: " + e.getCause(), e.getCause());
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  private IOException failed(String operation, RocksDBException e) {
    if (RocksDbFailures.isNoSpace(e)) needsReopen = true;
    return RocksDbFailures.translate(operation, e);
  }

  /**
   * Leaves RocksDB's error state after a full disk by reopening the database, or throws
   * {@link SpoolFullException} while the disk is still full. The WAL replay on reopen keeps every
   * synced write, and may keep the write that failed; a client that was told to retry then sends
   * a duplicate, which is the at-least-once side of the trade.
   */
  private void reopenIfNeeded() throws IOException {
    if (!needsReopen) return;
    if (lifecycle.getReadHoldCount() > 0) {
      // Called from inside forEachEnvelope's action: asking for the write lock would deadlock.
      throw new SpoolFullException("spool " + dir + " is full; it reopens on the next write outside forEachEnvelope", null);
    }
    lifecycle.writeLock().lock();
    try {
      if (!needsReopen || closed) return;
      sweeper.release();
      RocksDbResources old = rocks;
      rocks = null;
      generation++;
      if (old != null) closeQuietly(old);
      try {
        rocks = new RocksDbResources(dir, tuning);
      } catch (RocksDBException e) {
        throw RocksDbFailures.translate("reopening after a full disk", e);
      }
      needsReopen = false;
      log.info("spool {} reopened and writable again after a full disk", dir);
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private RocksDbResources current() throws IOException {
    checkOpen();
    RocksDbResources r = rocks;
    if (r == null) throw new SpoolFullException("spool " + dir + " is waiting for disk space to reopen", null);
    return r;
  }

  private void syncWal() {
    long pending = unsyncedWrites.get();
    if (pending == 0) return;
    guarded(() -> {
      RocksDbResources r = rocks;
      if (r == null) return;
      r.db.flushWal(true);
      unsyncedWrites.addAndGet(-pending);
    });
  }

  /** Runs background work unless the spool is closed; failures are logged, never thrown. */
  private void guarded(BackgroundWork work) {
    lifecycle.readLock().lock();
    try {
      if (!closed) work.run();
    } catch (RocksDBException e) {
      if (RocksDbFailures.isNoSpace(e)) needsReopen = true;
      log.warn("spool {} background work failed: {}", dir, e.getMessage());
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @FunctionalInterface
  private interface BackgroundWork {
    void run() throws RocksDBException;
  }

  private void checkOpen() throws IOException {
    if (closed) throw new IOException("spool " + dir + " is closed");
  }

  private ReentrantLock messageLock(String queueId) {
    return messageLocks[Math.floorMod(queueId.hashCode(), LOCK_STRIPES)];
  }

  private void closeQuietly(RocksDbResources r) {
    try {
      r.close();
    } catch (RocksDBException e) {
      log.warn("closing spool {} in its error state: {}", dir, e.getMessage());
    }
  }

  private static void awaitQuietly(ExecutorService executor) {
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) executor.shutdownNow();
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
