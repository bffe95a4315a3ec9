package dev.outpost.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes renames into one directory durable, sharing fsyncs between concurrent callers (group
 * commit): a caller takes a ticket after its rename, and any fsync that starts after the ticket
 * was taken covers that rename, so a caller that finds such an fsync already done returns at once.
 */
final class DirectorySync {
  private final Path dir;
  private final AtomicLong tickets = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  /** Every ticket up to this one is durable. Guarded by {@link #lock}. */
  private long synced;

  DirectorySync(Path dir) {
    this.dir = dir;
  }

  /** Returns once every rename into the directory that finished before this call is durable. */
  void sync() throws IOException {
    long ticket = tickets.incrementAndGet();
    lock.lock();
    try {
      if (synced >= ticket) return;
      long covered = tickets.get();
      try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
        channel.force(true);
      }
      synced = covered;
    } finally {
      lock.unlock();
    }
  }
}
