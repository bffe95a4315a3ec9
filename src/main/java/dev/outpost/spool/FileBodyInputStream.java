package dev.outpost.spool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/** The body part of a message file: its first {@code length} bytes, before the envelope. */
final class FileBodyInputStream extends InputStream {
  private final FileChannel channel;
  private final long length;
  private long position;

  FileBodyInputStream(FileChannel channel, long length) {
    this.channel = channel;
    this.length = length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) return 0;
    if (position >= length) return -1;
    int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, length - position)), position);
    if (n < 0) throw new IOException("message file ended before its body did");
    position += n;
    return n;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, length - position);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
