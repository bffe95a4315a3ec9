package dev.outpost.spool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Reads a RocksDB-stored body one chunk at a time into a pooled direct buffer
 * ({@link ChunkBuffers}), so memory holds at most one chunk and reading allocates nothing per
 * message. The buffer goes back to the pool on {@link #close}.
 */
final class ChunkInputStream extends InputStream {
  private final RocksDbSpool spool;
  private final String queueId;
  private final int chunkCount;
  private int nextChunk;
  /** Taken at the first read, given back at close; null before and after. */
  private ChunkBuffers.Chunk chunk;

  ChunkInputStream(RocksDbSpool spool, String queueId, int chunkCount) {
    this.spool = spool;
    this.queueId = queueId;
    this.chunkCount = chunkCount;
  }

  @Override
  public int read() throws IOException {
    return fill() ? chunk.data().get() & 0xFF : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) return 0;
    if (!fill()) return -1;
    ByteBuffer data = chunk.data();
    int n = Math.min(len, data.remaining());
    data.get(b, off, n);
    return n;
  }

  @Override
  public int available() {
    return chunk == null ? 0 : chunk.data().remaining();
  }

  private boolean fill() throws IOException {
    if (nextChunk == chunkCount && (chunk == null || !chunk.data().hasRemaining())) return false;
    if (chunk == null) {
      chunk = spool.chunkBuffers().take();
      chunk.data().limit(0);
    }
    while (!chunk.data().hasRemaining()) {
      if (nextChunk == chunkCount) return false;
      if (!spool.readChunk(queueId, nextChunk, chunk)) {
        throw new IOException("body of " + queueId + " lacks chunk " + nextChunk + " of " + chunkCount
            + "; the message was deleted while being read");
      }
      nextChunk++;
    }
    return true;
  }

  @Override
  public void close() {
    nextChunk = chunkCount;
    if (chunk != null) {
      spool.chunkBuffers().give(chunk);
      chunk = null;
    }
  }
}
