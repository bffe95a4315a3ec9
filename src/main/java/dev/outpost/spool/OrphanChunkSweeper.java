package dev.outpost.spool;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes body chunks whose envelope was never written: what a crash in the middle of streaming a
 * large body leaves behind. Runs once, in the background after open, so that a restart is not
 * delayed by scanning bodies.
 *
 * <p>It works on a snapshot taken when it is created, before the spool accepts writers, and
 * deletes only keys seen in that snapshot. A writer that starts after open uses a fresh queue id,
 * so its chunks are neither in the snapshot nor touched, even though they too lack an envelope
 * until commit.
 */
final class OrphanChunkSweeper {
  private static final Logger log = LoggerFactory.getLogger(OrphanChunkSweeper.class);
  private static final int BATCH_LIMIT = 1000;

  private final RocksDbResources rocks;
  private final BooleanSupplier stop;
  private final Snapshot snapshot;
  private final AtomicBoolean released = new AtomicBoolean();

  OrphanChunkSweeper(RocksDbResources rocks, BooleanSupplier stop) {
    this.rocks = rocks;
    this.stop = stop;
    this.snapshot = rocks.db.getSnapshot();
  }

  void run() throws RocksDBException {
    // Released unswept when the database was reopened after a full disk; the next open sweeps.
    if (released.get()) return;
    long removed = 0;
    try (var options = new ReadOptions().setSnapshot(snapshot).setFillCache(false);
        RocksIterator it = rocks.db.newIterator(rocks.bodies, options);
        var batch = new WriteBatch()) {
      String id = null;
      boolean orphan = false;
      for (it.seekToFirst(); it.isValid() && !stop.getAsBoolean(); it.next()) {
        byte[] key = it.key();
        String keyId = BodyChunks.queueIdOf(key);
        if (keyId == null) {
          log.warn("ignoring a body key that is not a chunk key ({} bytes)", key.length);
          continue;
        }
        if (!keyId.equals(id)) {
          id = keyId;
          orphan = rocks.db.get(rocks.envelopes, options, BodyChunks.envelopeKey(id)) == null;
        }
        if (orphan) {
          batch.delete(rocks.bodies, key);
          removed++;
          if (batch.count() >= BATCH_LIMIT) {
            rocks.db.write(rocks.unsynced, batch);
            batch.clear();
          }
        }
      }
      it.status();
      if (batch.count() > 0) rocks.db.write(rocks.unsynced, batch);
    } finally {
      release();
    }
    if (removed > 0) log.info("removed {} orphan body chunks left by an interrupted write", removed);
  }

  /**
   * Gives the snapshot back; RocksDB refuses to close while one is held, so the spool calls this
   * on close in case the sweep never ran.
   */
  void release() {
    if (released.compareAndSet(false, true)) rocks.db.releaseSnapshot(snapshot);
  }
}
