package dev.outpost.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one body into the RocksDB engine through one pooled direct buffer of a chunk
 * ({@link BodyChunks#CHUNK_SIZE}), held from the first octet to commit or abort, so an idle session
 * holds none. A full chunk is written (unsynced) only when more data follows it, which keeps every
 * body of up to one chunk in the single synced batch with its envelope. Not thread-safe: one
 * session owns it.
 */
final class RocksDbWriter implements SpoolWriter {
  private static final Logger log = LoggerFactory.getLogger(RocksDbWriter.class);

  private final RocksDbSpool spool;
  private final String queueId;
  private final int generation;
  /** Taken from the spool's pool at the first octet, given back at commit or abort; else null. */
  private ChunkBuffers.Chunk chunk;
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
      if (chunk == null) chunk = spool.chunkBuffers().take();
      ByteBuffer buffer = chunk.data();
      if (!buffer.hasRemaining()) {
        spool.putChunk(queueId, chunksWritten, chunk);
        chunksWritten++;
        buffer.clear();
      }
      int n = Math.min(length, buffer.remaining());
      buffer.put(data, offset, n);
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
    ChunkBuffers.Chunk last = chunk;
    chunk = null;
    try {
      // Unsynced chunks written before a reopen after a full disk may not have survived it.
      int required = chunksWritten > 0 ? generation : RocksDbSpool.ANY_GENERATION;
      spool.write("commit of " + queueId, true, required, (rocks, batch) -> {
        if (last != null && last.data().position() > 0) {
          batch.put(rocks.bodies, last.key(queueId, chunksWritten), last.content());
        }
        batch.put(rocks.envelopes, BodyChunks.envelopeKey(queueId), value);
      });
      spool.meters().committed(start);
    } catch (IOException | RuntimeException e) {
      discardChunks();
      throw e;
    } finally {
      // The batch copied the chunk when it was filled, so the buffer is free again either way.
      if (last != null) spool.chunkBuffers().give(last);
    }
  }

  @Override
  public void abort() {
    if (ended) return;
    ended = true;
    if (chunk != null) {
      spool.chunkBuffers().give(chunk);
      chunk = null;
    }
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
