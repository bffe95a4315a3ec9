package dev.outpost.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * How the file engine stores an envelope: the encoded envelope followed by a 12-byte trailer of
 * its length, its CRC32C and the magic {@code "OPE1"}. The trailer sits at the end so that a
 * message file can be written front to back, body first, with the envelope appended at commit;
 * it is read from the end. The checksum lets an envelope file replaced without fsync (see
 * {@link FileSpool#update}) be told apart from one a crash left torn.
 */
final class EnvelopeFrame {
  static final int TRAILER = 12;
  private static final int MAGIC = 0x4F504531;

  private EnvelopeFrame() {}

  static ByteBuffer encode(Envelope envelope) {
    byte[] bytes = EnvelopeCodec.encode(envelope);
    var crc = new CRC32C();
    crc.update(bytes);
    return ByteBuffer.allocate(bytes.length + TRAILER)
        .put(bytes).putInt(bytes.length).putInt((int) crc.getValue()).putInt(MAGIC)
        .flip();
  }

  /** The envelope framed at the end of {@code channel}, and where it starts (the body's size). */
  record Found(Envelope envelope, long start) {}

  static Found readAtEnd(FileChannel channel, String what) throws IOException {
    long size = channel.size();
    if (size < TRAILER) throw new IOException(what + " is too short to hold an envelope (" + size + " bytes)");
    ByteBuffer trailer = readFully(channel, size - TRAILER, TRAILER, what);
    int length = trailer.getInt();
    int checksum = trailer.getInt();
    int magic = trailer.getInt();
    if (magic != MAGIC) throw new IOException(what + " does not end with an envelope trailer");
    if (length < 0 || length > size - TRAILER) throw new IOException(what + " has an envelope length of " + length);
    long start = size - TRAILER - length;
    byte[] bytes = readFully(channel, start, length, what).array();
    var crc = new CRC32C();
    crc.update(bytes);
    if ((int) crc.getValue() != checksum) throw new IOException(what + " has an envelope with a wrong checksum");
    return new Found(EnvelopeCodec.decode(bytes), start);
  }

  private static ByteBuffer readFully(FileChannel channel, long position, int length, String what) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) throw new IOException(what + " ended early");
    }
    return buffer.flip();
  }
}
