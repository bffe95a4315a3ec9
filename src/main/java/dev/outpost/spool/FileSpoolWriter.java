package dev.outpost.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Streams one body into a file in the file engine's {@code tmp/}, through a buffer of
 * {@value #BUFFER_SIZE} bytes. Commit appends the envelope, fsyncs the file, renames it into the
 * queue and fsyncs the queue directory; the message exists from the rename on. Not thread-safe.
 */
final class FileSpoolWriter implements SpoolWriter {
  static final int BUFFER_SIZE = 64 * 1024;

  private final FileSpool spool;
  private final String queueId;
  private final Path staged;
  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
  private long size;
  private boolean ended;

  FileSpoolWriter(FileSpool spool, String queueId, Path staged) throws IOException {
    this.spool = spool;
    this.queueId = queueId;
    this.staged = staged;
    try {
      this.channel = FileChannel.open(staged, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw FileSpool.translate("starting " + queueId, e);
    }
  }

  @Override
  public void write(byte[] data, int offset, int length) throws IOException {
    checkActive();
    Objects.checkFromIndexSize(offset, length, data.length);
    try {
      if (length > buffer.remaining()) {
        drain();
        if (length >= BUFFER_SIZE) {
          writeFully(ByteBuffer.wrap(data, offset, length));
          size += length;
          return;
        }
      }
      buffer.put(data, offset, length);
      size += length;
    } catch (IOException e) {
      abort();
      throw FileSpool.translate("writing body of " + queueId, e);
    }
  }

  /** Stores the envelope with the body size counted here, like the RocksDB engine. */
  @Override
  public void commit(Envelope envelope) throws IOException {
    long start = System.nanoTime();
    checkActive();
    if (!queueId.equals(envelope.queueId())) {
      throw new IllegalArgumentException("envelope is for " + envelope.queueId() + " but this writer stores " + queueId);
    }
    Path target = spool.messageFile(queueId);
    boolean renamed = false;
    try {
      spool.checkOpen();
      drain();
      writeFully(EnvelopeFrame.encode(EnvelopeCodec.withBodySize(envelope, size)));
      long syncStart = System.nanoTime();
      channel.force(false);
      channel.close();
      Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
      renamed = true;
      spool.directorySync(queueId).sync();
      ended = true;
      spool.meters().synced(syncStart);
      spool.meters().committed(start);
    } catch (IOException e) {
      // A message whose rename may not be durable must not stay visible after reporting failure.
      if (renamed) Files.deleteIfExists(target);
      abort();
      throw FileSpool.translate("commit of " + queueId, e);
    }
  }

  @Override
  public void abort() {
    if (ended) return;
    ended = true;
    try {
      channel.close();
      Files.deleteIfExists(staged);
    } catch (IOException ignored) {
      // Whatever stays in tmp/ is removed when the spool is next opened.
    }
  }

  private void drain() throws IOException {
    buffer.flip();
    writeFully(buffer);
    buffer.clear();
  }

  private void writeFully(ByteBuffer data) throws IOException {
    while (data.hasRemaining()) channel.write(data);
  }

  private void checkActive() {
    if (ended) throw new IllegalStateException("writer for " + queueId + " was already committed or aborted");
  }
}
