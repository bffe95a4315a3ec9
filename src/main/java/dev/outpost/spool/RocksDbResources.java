package dev.outpost.spool;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteOptions;

/**
 * The open database and every native object it needs, tuned for a relay: values are written once,
 * read once or twice and mostly deleted within seconds, so most never leave the memtable.
 * Closing releases the native memory in the order RocksDB requires: handles, database, options.
 */
final class RocksDbResources implements AutoCloseable {
  private static final long MiB = 1024 * 1024;

  static {
    RocksDB.loadLibrary();
  }

  final RocksDB db;
  final ColumnFamilyHandle envelopes;
  final ColumnFamilyHandle bodies;
  final WriteOptions synced = new WriteOptions().setSync(true);
  final WriteOptions unsynced = new WriteOptions().setSync(false);
  final ReadOptions reads = new ReadOptions();
  private final List<AutoCloseable> owned = new ArrayList<>();
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();

  RocksDbResources(Path dir, RocksDbTuning tuning) throws RocksDBException {
    LRUCache cache = own(new LRUCache(32 * MiB));
    DBOptions db = own(new DBOptions())
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setMaxBackgroundJobs(2)
        .setEnablePipelinedWrite(tuning.pipelinedWrite())
        // A torn WAL tail is cut at the first bad record and nothing after it is replayed. The
        // body-before-envelope invariant depends on this: a replayed envelope implies every
        // earlier record, its chunks included, was replayed too.
        .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
        // Envelopes fill their memtable slowly; without a cap their unflushed entries would pin
        // every WAL file since the last envelope flush, and a restart would replay all of them.
        .setMaxTotalWalSize(128 * MiB)
        // Replaying the WAL into memtables without flushing them keeps restart (and reopening
        // after a full disk) fast and free of writes.
        .setAvoidFlushDuringRecovery(true)
        .setInfoLogLevel(InfoLogLevel.INFO_LEVEL)
        .setMaxLogFileSize(8 * MiB)
        .setKeepLogFileNum(3);
    ColumnFamilyOptions envelopeOptions = own(new ColumnFamilyOptions())
        .setWriteBufferSize(16 * MiB)
        .setMaxWriteBufferNumber(3)
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache)
            .setFilterPolicy(own(new BloomFilter(10))));
    ColumnFamilyOptions bodyOptions = own(new ColumnFamilyOptions())
        .setWriteBufferSize(64 * MiB)
        .setMaxWriteBufferNumber(3)
        .setCompressionType(tuning.bodyCompression())
        .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache)
            .setFilterPolicy(own(new BloomFilter(10))));
    ColumnFamilyOptions defaultOptions = own(new ColumnFamilyOptions());
    var descriptors = List.of(
        new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, defaultOptions),
        new ColumnFamilyDescriptor("envelopes".getBytes(), envelopeOptions),
        new ColumnFamilyDescriptor("bodies".getBytes(), bodyOptions));
    try {
      this.db = RocksDB.open(db, dir.toString(), descriptors, handles);
    } catch (RocksDBException e) {
      synced.close();
      unsynced.close();
      reads.close();
      closeOwned();
      throw e;
    }
    this.envelopes = handles.get(1);
    this.bodies = handles.get(2);
  }

  private <T extends AutoCloseable> T own(T resource) {
    owned.add(resource);
    return resource;
  }

  @Override
  public void close() throws RocksDBException {
    try {
      handles.forEach(ColumnFamilyHandle::close);
      db.closeE();
    } finally {
      synced.close();
      unsynced.close();
      reads.close();
      closeOwned();
    }
  }

  private void closeOwned() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      try {
        owned.get(i).close();
      } catch (Exception ignored) {
        // Native option objects do not fail to close; nothing is left to release either way.
      }
    }
  }
}
