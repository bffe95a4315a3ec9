package dev.outpost.spool;

import dev.outpost.metrics.SpoolMeters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file engine, after Postfix: one file per message, written in {@code tmp/}, fsynced, and
 * renamed into {@code queue/XX/} (XX: two hex digits of a hash of the queue id, so that no
 * directory holds more than 1/256 of the queue), followed by an fsync of that directory.
 *
 * <p>A message file is the body followed by the envelope in an {@link EnvelopeFrame}. The rename
 * is the commit point: a file in {@code queue/} is complete, and nothing in {@code tmp/} survives
 * an open. An update writes the new envelope to {@code queue/XX/ID.env} (written in tmp and renamed
 * over the old one, unsynced, as the interface allows), which then takes precedence over the
 * envelope in the message file; a torn {@code .env} left by a crash fails its checksum and the
 * previous envelope is used, which at worst repeats a delivery. A delete removes the message file
 * first, so that a crash in between leaves an {@code .env} without a message, which is ignored and
 * swept by {@link #forEachEnvelope}.
 *
 * <p>Thread-safe; holds no resources beyond the body streams it hands out.
 */
public final class FileSpool implements Spool {
  static final int FANOUT = 256;
  private static final Logger log = LoggerFactory.getLogger(FileSpool.class);
  private static final String ENVELOPE_SUFFIX = ".env";

  private final Path root;
  private final SpoolMeters meters;
  private final Path tmp;
  private final Path[] queueDirs = new Path[FANOUT];
  private final DirectorySync[] dirSyncs = new DirectorySync[FANOUT];
  private final AtomicLong tmpNames = new AtomicLong();
  private volatile boolean closed;

  private FileSpool(Path root, SpoolMeters meters) throws IOException {
    this.root = root;
    this.meters = meters;
    this.tmp = root.resolve("tmp");
    Path queue = root.resolve("queue");
    Files.createDirectories(tmp);
    Files.createDirectories(queue);
    for (int i = 0; i < FANOUT; i++) {
      queueDirs[i] = Files.createDirectories(queue.resolve("%02x".formatted(i)));
      dirSyncs[i] = new DirectorySync(queueDirs[i]);
    }
    // Each hash directory must itself be durable before a rename into it can be.
    new DirectorySync(queue).sync();
    new DirectorySync(root).sync();
    clearTmp();
  }

  /** Opens (creating if needed) the spool in {@code dir}, discarding writes a crash interrupted. */
  public static FileSpool open(Path dir) throws IOException {
    return open(dir, SpoolMeters.none());
  }

  /** As {@link #open(Path)}, timing commits and their fsyncs into {@code meters}. */
  public static FileSpool open(Path dir, SpoolMeters meters) throws IOException {
    return new FileSpool(dir, meters);
  }

  SpoolMeters meters() {
    return meters;
  }

  @Override
  public SpoolWriter begin(String queueId) throws IOException {
    QueueIds.requireSafe(queueId);
    checkOpen();
    return new FileSpoolWriter(this, queueId, tmp.resolve(queueId + ".msg"));
  }

  @Override
  public void forEachEnvelope(Consumer<Envelope> action) throws IOException {
    checkOpen();
    for (Path dir : queueDirs) {
      Set<String> names = new HashSet<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path entry : entries) names.add(entry.getFileName().toString());
      }
      for (String name : names) {
        if (name.endsWith(ENVELOPE_SUFFIX)) {
          String id = name.substring(0, name.length() - ENVELOPE_SUFFIX.length());
          // The listing may miss a message written while it ran; only a truly orphaned .env goes.
          if (!names.contains(id) && !Files.exists(dir.resolve(id))) Files.deleteIfExists(dir.resolve(name));
          continue;
        }
        Envelope envelope = readEnvelope(name, names.contains(name + ENVELOPE_SUFFIX));
        if (envelope != null) action.accept(envelope);
      }
    }
  }

  @Override
  public Envelope envelope(String queueId) throws IOException {
    String id = QueueIds.requireSafe(queueId);
    checkOpen();
    // An .env without its message file is what a crash in the middle of a delete leaves.
    if (!Files.exists(messageFile(id))) return null;
    return readEnvelope(id, Files.exists(envelopeFile(id)));
  }

  @Override
  public InputStream openBody(String queueId) throws IOException {
    Path file = messageFile(QueueIds.requireSafe(queueId));
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      long bodySize = EnvelopeFrame.readAtEnd(channel, file.toString()).start();
      return new FileBodyInputStream(channel, bodySize);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public void update(Envelope envelope) throws IOException {
    String id = QueueIds.requireSafe(envelope.queueId());
    checkOpen();
    if (!Files.exists(messageFile(id))) throw new NoSuchFileException(id, null, "cannot update: no such message in the spool");
    Path staged = tmp.resolve(id + ENVELOPE_SUFFIX + "." + tmpNames.incrementAndGet());
    try {
      try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        var frame = EnvelopeFrame.encode(envelope);
        while (frame.hasRemaining()) channel.write(frame);
      }
      Files.move(staged, envelopeFile(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(staged);
      throw translate("update of " + id, e);
    }
  }

  @Override
  public void delete(String queueId) throws IOException {
    checkOpen();
    Files.deleteIfExists(messageFile(QueueIds.requireSafe(queueId)));
    Files.deleteIfExists(envelopeFile(queueId));
  }

  @Override
  public void close() {
    closed = true;
  }

  Path messageFile(String queueId) {
    return queueDirs[bucket(queueId)].resolve(queueId);
  }

  DirectorySync directorySync(String queueId) {
    return dirSyncs[bucket(queueId)];
  }

  void checkOpen() throws IOException {
    if (closed) throw new IOException("spool " + root + " is closed");
  }

  static IOException translate(String operation, IOException e) {
    if (e instanceof SpoolFullException) return e;
    String message = String.valueOf(e.getMessage());
    if (message.contains("No space left on device")) {
      return new SpoolFullException("spool disk is full; " + operation + " failed: " + message, e);
    }
    return e;
  }

  private Path envelopeFile(String queueId) {
    return queueDirs[bucket(queueId)].resolve(queueId + ENVELOPE_SUFFIX);
  }

  /** The newest envelope of a message, or null when it was deleted while the queue was listed. */
  private Envelope readEnvelope(String id, boolean updated) throws IOException {
    if (updated) {
      Path file = envelopeFile(id);
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        return EnvelopeFrame.readAtEnd(channel, file.toString()).envelope();
      } catch (NoSuchFileException deletedMeanwhile) {
        // Fall through to the message file, which tells whether the message is gone.
      } catch (IOException torn) {
        log.warn("ignoring damaged envelope update {}, using the previous envelope: {}", file, torn.getMessage());
      }
    }
    Path file = messageFile(id);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return EnvelopeFrame.readAtEnd(channel, file.toString()).envelope();
    } catch (NoSuchFileException deletedMeanwhile) {
      return null;
    }
  }

  private void clearTmp() throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp)) {
      for (Path entry : entries) Files.deleteIfExists(entry);
    }
  }

  private static int bucket(String queueId) {
    var crc = new CRC32();
    crc.update(queueId.getBytes(StandardCharsets.US_ASCII));
    return (int) (crc.getValue() & (FANOUT - 1));
  }
}
