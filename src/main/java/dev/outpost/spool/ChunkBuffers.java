package dev.outpost.spool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Direct buffers for body chunks of the RocksDB spool, reused from message to message.
 *
 * <p>RocksJava copies a direct buffer straight into the write batch, while a heap array is first
 * copied out by JNI and, to have the exact length it needs, copied once more before that; a new
 * array per message also grows by doubling as the body arrives. For a 100 KB message those copies
 * and the garbage they leave were a sixth of the receiving CPU time. A buffer is taken at a
 * message's first octet and given back when it is committed or aborted, so idle sessions hold
 * none. The pool keeps at most {@code retained} free buffers; past that, buffers are made on
 * demand and left to the garbage collector.
 */
final class ChunkBuffers {
  /** Longer than any key: a queue id, '/', and a 4-byte chunk number. */
  private static final int KEY_CAPACITY = 128;

  private final ArrayBlockingQueue<Chunk> free;

  ChunkBuffers(int retained) {
    this.free = new ArrayBlockingQueue<>(retained);
  }

  Chunk take() {
    Chunk chunk = free.poll();
    return chunk != null ? chunk
        : new Chunk(ByteBuffer.allocateDirect(BodyChunks.CHUNK_SIZE), ByteBuffer.allocateDirect(KEY_CAPACITY));
  }

  /** The caller must not touch {@code chunk} afterwards. */
  void give(Chunk chunk) {
    chunk.data.clear();
    free.offer(chunk);
  }

  /** One chunk's content and a buffer for its key, both direct. */
  static final class Chunk {
    private final ByteBuffer data;
    private final ByteBuffer key;

    private Chunk(ByteBuffer data, ByteBuffer key) {
      this.data = data;
      this.key = key;
    }

    /** Where the body is written; full when it has no room left. */
    ByteBuffer data() {
      return data;
    }

    /** The content written so far, ready to be read; {@link #data} must not be written meanwhile. */
    ByteBuffer content() {
      return data.duplicate().flip();
    }

    /** The key of chunk {@code number} of {@code queueId}, as {@link BodyChunks#key} makes it. */
    ByteBuffer key(String queueId, int number) {
      key.clear();
      key.put(queueId.getBytes(StandardCharsets.US_ASCII)).put((byte) '/').putInt(number);
      return key.flip();
    }
  }
}
