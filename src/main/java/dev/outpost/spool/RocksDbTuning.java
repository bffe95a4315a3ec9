package dev.outpost.spool;

import org.rocksdb.CompressionType;

/**
 * The RocksDB engine's knobs that were measured rather than guessed (see docs/spool.md). Package
 * private: the defaults are what the engine runs with; the benchmark varies them.
 *
 * @param pipelinedWrite RocksDB's enable_pipelined_write: WAL and memtable writes of successive
 *     write groups overlap
 * @param bodyCompression compression of body tables once flushed from the memtable
 * @param commitThreads platform threads that run synced commits; 0 runs them on the caller's
 *     thread. See {@link RocksDbSpool} for why virtual threads should not block in them.
 */
record RocksDbTuning(boolean pipelinedWrite, CompressionType bodyCompression, int commitThreads) {

  static RocksDbTuning defaults() {
    return new RocksDbTuning(true, CompressionType.LZ4_COMPRESSION, 64);
  }
}
