package dev.outpost.spool;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one body into the RocksDB engine. Holds at most one chunk ({@link BodyChunks#CHUNK_SIZE})
 * in memory, growing its buffer only as data arrives, so a typical message costs a few kilobytes.
 * A full chunk is written (unsynced) only when more data follows it, which keeps every body of up
 * to one chunk in the single synced batch with its envelope. Not thread-safe: one session owns it.
 */
final class RocksDbWriter implements SpoolWriter {
  private static final Logger log = LoggerFactory.getLogger(RocksDbWriter.class);
  private static final int INITIAL_BUFFER = 8 * 1024;

  private final RocksDbSpool spool;
  private final String queueId;
  private final int generation;
  private byte[] buffer = new byte[INITIAL_BUFFER];
  private int buffered;
  private int chunksWritten;
  private long size;
  private boolean ended;

  RocksDbWriter(RocksDbSpool spool, String queueId, int generation) {
    this.spool = spool;
    this.queueId = queueId;
    this.generation = generation;
  }

  @Override
  public void write(byte[] data, int offset, int length) throws IOException {
    checkActive();
    Objects.checkFromIndexSize(offset, length, data.length);
    while (length > 0) {
      if (buffered == BodyChunks.CHUNK_SIZE) {
        spool.putChunk(queueId, chunksWritten, buffer, buffered);
        chunksWritten++;
        buffered = 0;
      }
      int n = Math.min(length, BodyChunks.CHUNK_SIZE - buffered);
      if (buffered + n > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.min(BodyChunks.CHUNK_SIZE, Math.max(buffered + n, buffer.length * 2)));
      }
      System.arraycopy(data, offset, buffer, buffered, n);
      buffered += n;
      size += n;
      offset += n;
      length -= n;
    }
  }

  /**
   * Writes the last chunk and the envelope in one synced batch. The stored envelope's body size is
   * the number of bytes written here, whatever {@code envelope.bodySize()} says: the chunk keys
   * are derived from it, so it must be exact.
   */
  @Override
  public void commit(Envelope envelope) throws IOException {
    long start = System.nanoTime();
    checkActive();
    if (!queueId.equals(envelope.queueId())) {
      throw new IllegalArgumentException("envelope is for " + envelope.queueId() + " but this writer stores " + queueId);
    }
    ended = true;
    byte[] value = EnvelopeCodec.encode(EnvelopeCodec.withBodySize(envelope, size));
    byte[] lastChunk = buffered == 0 ? null : Arrays.copyOf(buffer, buffered);
    buffer = null;
    try {
      // Unsynced chunks written before a reopen after a full disk may not have survived it.
      int required = chunksWritten > 0 ? generation : RocksDbSpool.ANY_GENERATION;
      spool.write("commit of " + queueId, true, required, (rocks, batch) -> {
        if (lastChunk != null) batch.put(rocks.bodies, BodyChunks.key(queueId, chunksWritten), lastChunk);
        batch.put(rocks.envelopes, BodyChunks.envelopeKey(queueId), value);
      });
      spool.meters().committed(start);
    } catch (IOException | RuntimeException e) {
      discardChunks();
      throw e;
    }
  }

  @Override
  public void abort() {
    if (ended) return;
    ended = true;
    buffer = null;
    discardChunks();
  }

  /** Best effort; chunks left behind are orphans, which the next open sweeps away. */
  private void discardChunks() {
    if (chunksWritten == 0) return;
    try {
      spool.write("discarding body of " + queueId, false, (rocks, batch) -> {
        for (int i = 0; i < chunksWritten; i++) batch.delete(rocks.bodies, BodyChunks.key(queueId, i));
      });
    } catch (IOException e) {
      log.warn("could not discard the partial body of {}; it will be removed on the next open: {}", queueId, e.getMessage());
    }
  }

  private void checkActive() {
    if (ended) throw new IllegalStateException("writer for " + queueId + " was already committed or aborted");
  }
}
