package dev.outpost.spool;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** Reads a RocksDB-stored body one chunk at a time, so memory holds at most one chunk. */
final class ChunkInputStream extends InputStream {
  private final RocksDbSpool spool;
  private final String queueId;
  private final int chunkCount;
  private int nextChunk;
  private byte[] chunk = new byte[0];
  private int position;

  ChunkInputStream(RocksDbSpool spool, String queueId, int chunkCount) {
    this.spool = spool;
    this.queueId = queueId;
    this.chunkCount = chunkCount;
  }

  @Override
  public int read() throws IOException {
    return fill() ? chunk[position++] & 0xFF : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) return 0;
    if (!fill()) return -1;
    int n = Math.min(len, chunk.length - position);
    System.arraycopy(chunk, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public int available() {
    return chunk.length - position;
  }

  private boolean fill() throws IOException {
    while (position == chunk.length) {
      if (nextChunk == chunkCount) return false;
      byte[] next = spool.getChunk(queueId, nextChunk);
      if (next == null) {
        throw new IOException("body of " + queueId + " lacks chunk " + nextChunk + " of " + chunkCount
            + "; the message was deleted while being read");
      }
      nextChunk++;
      chunk = next;
      position = 0;
    }
    return true;
  }

  @Override
  public void close() {
    chunk = new byte[0];
    position = 0;
    nextChunk = chunkCount;
  }
}
