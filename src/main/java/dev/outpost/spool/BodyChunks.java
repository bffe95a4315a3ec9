package dev.outpost.spool;

import java.nio.charset.StandardCharsets;

/**
 * Keys of body chunks in the RocksDB engine: the queue id's ASCII bytes, '/', and the chunk
 * number as 4 big-endian bytes, so that a message's chunks sort together and in order.
 *
 * <p>Every chunk but the last holds exactly {@link #CHUNK_SIZE} bytes, so a body of {@code n}
 * octets has {@code ceil(n / CHUNK_SIZE)} chunks and an empty body has none. Deleting a message
 * and reading it rely on that: the envelope's body size alone names every chunk key.
 */
final class BodyChunks {
  /** Largest chunk; a body up to this size is written in the same batch as its envelope. */
  static final int CHUNK_SIZE = 256 * 1024;

  private BodyChunks() {}

  static byte[] key(String queueId, int chunk) {
    byte[] id = queueId.getBytes(StandardCharsets.US_ASCII);
    byte[] key = new byte[id.length + 5];
    System.arraycopy(id, 0, key, 0, id.length);
    key[id.length] = '/';
    key[id.length + 1] = (byte) (chunk >>> 24);
    key[id.length + 2] = (byte) (chunk >>> 16);
    key[id.length + 3] = (byte) (chunk >>> 8);
    key[id.length + 4] = (byte) chunk;
    return key;
  }

  /** The queue id a chunk key belongs to, or null when the key is not a chunk key. */
  static String queueIdOf(byte[] key) {
    int idLength = key.length - 5;
    if (idLength < 1 || key[idLength] != '/') return null;
    return new String(key, 0, idLength, StandardCharsets.US_ASCII);
  }

  static int count(long bodySize) {
    return Math.toIntExact((bodySize + CHUNK_SIZE - 1) / CHUNK_SIZE);
  }

  static byte[] envelopeKey(String queueId) {
    return queueId.getBytes(StandardCharsets.US_ASCII);
  }
}
