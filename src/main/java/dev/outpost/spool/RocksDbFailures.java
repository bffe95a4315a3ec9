package dev.outpost.spool;

import java.io.IOException;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/** Turns RocksDB's exceptions into the spool's: a full disk into {@link SpoolFullException}. */
final class RocksDbFailures {
  private RocksDbFailures() {}

  static boolean isNoSpace(RocksDBException e) {
    Status status = e.getStatus();
    if (status != null && status.getSubCode() == Status.SubCode.NoSpace) return true;
    String message = e.getMessage();
    return message != null && message.contains("No space left on device");
  }

  static IOException translate(String operation, RocksDBException e) {
    if (isNoSpace(e)) {
      return new SpoolFullException("spool disk is full; " + operation + " failed: " + e.getMessage(), e);
    }
    return new IOException("spool " + operation + " failed: " + e.getMessage(), e);
  }
}
