package dev.outpost.spool;

import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * The process {@link RocksDbCrashTest} kills: commits messages from several virtual threads until
 * it dies, printing {@code ack <id>} for each commit that returned, as a 250 reply would follow.
 * Every seventh body spans several chunks, so kills also land in the middle of streamed bodies.
 */
public final class SpoolCrashChild {
  private SpoolCrashChild() {}

  public static void main(String[] args) throws Exception {
    Spool spool = RocksDbSpool.open(Path.of(args[0]));
    var ids = new QueueIds();
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < 8; t++) {
        executor.submit(() -> {
          for (int i = 0; ; i++) {
            String id = ids.next();
            int size = i % 7 == 0 ? 3 * BodyChunks.CHUNK_SIZE + 123 : 2_000 + i % 5_000;
            byte[] body = SpoolFixtures.checkedBody(id.hashCode(), size);
            try (SpoolWriter writer = spool.begin(id)) {
              for (int off = 0; off < body.length; off += 8192) writer.write(body, off, Math.min(8192, body.length - off));
              writer.commit(SpoolFixtures.envelope(id, body.length));
            }
            synchronized (System.out) {
              System.out.println("ack " + id);
              System.out.flush();
            }
          }
        });
      }
    }
  }
}
