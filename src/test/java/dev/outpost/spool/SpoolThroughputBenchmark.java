package dev.outpost.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.rocksdb.CompressionType;

/**
 * Commits per second of each engine, with fsync on, at 1 and 50 concurrent committers (virtual
 * threads) and 5 KB and 100 KB bodies streamed in 16 KiB writes. Not a test; run it by hand:
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     dev.outpost.spool.SpoolThroughputBenchmark [seconds-per-run] [scratch-dir] [engine-name-regex]
 * </pre>
 */
public final class SpoolThroughputBenchmark {
  private SpoolThroughputBenchmark() {}

  private interface Engine {
    Spool open(Path dir) throws IOException;
  }

  private record Variant(String name, Engine engine) {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    Path scratch = Files.createTempDirectory(args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("java.io.tmpdir")), "spool-bench");
    var defaults = RocksDbTuning.defaults();
    List<Variant> variants = List.of(
        new Variant("rocksdb (default)", dir -> RocksDbSpool.open(dir)),
        new Variant("rocksdb not pipelined", dir -> RocksDbSpool.open(dir,
            new RocksDbTuning(false, defaults.bodyCompression(), defaults.commitThreads()))),
        new Variant("rocksdb no compression", dir -> RocksDbSpool.open(dir,
            new RocksDbTuning(defaults.pipelinedWrite(), CompressionType.NO_COMPRESSION, defaults.commitThreads()))),
        new Variant("rocksdb commits on virtual threads", dir -> RocksDbSpool.open(dir,
            new RocksDbTuning(defaults.pipelinedWrite(), defaults.bodyCompression(), 0))),
        new Variant("files", FileSpool::open));
    String filter = args.length > 2 ? args[2] : "";
    System.out.printf("%-36s %10s %10s %12s %10s%n", "engine", "body", "committers", "commits/s", "MB/s");
    for (int bodySize : new int[] {5_000, 100_000}) {
      for (int committers : new int[] {1, 50}) {
        for (Variant variant : variants) {
          if (!java.util.regex.Pattern.compile(filter).matcher(variant.name()).find()) continue;
          Path dir = Files.createTempDirectory(scratch, "run");
          double rate = measure(variant.engine(), dir, committers, bodySize, seconds);
          System.out.printf("%-36s %10s %10d %12.0f %10.1f%n", variant.name(), bodySize / 1000 + " KB", committers, rate,
              rate * bodySize / 1e6);
          deleteTree(dir);
        }
      }
    }
    deleteTree(scratch);
  }

  private static double measure(Engine engine, Path dir, int committers, int bodySize, double seconds) throws Exception {
    byte[] body = SpoolFixtures.checkedBody(bodySize, bodySize);
    var ids = new QueueIds();
    var commits = new LongAdder();
    try (Spool spool = engine.open(dir)) {
      long warmUpEnd = System.nanoTime() + 500_000_000L;
      long end = warmUpEnd + (long) (seconds * 1e9);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < committers; t++) {
        threads.add(Thread.ofVirtual().start(() -> {
          try {
            while (System.nanoTime() < end) {
              String id = ids.next();
              try (SpoolWriter writer = spool.begin(id)) {
                for (int off = 0; off < body.length; off += 16384) writer.write(body, off, Math.min(16384, body.length - off));
                writer.commit(SpoolFixtures.envelope(id, body.length));
              }
              if (System.nanoTime() > warmUpEnd) commits.increment();
            }
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }));
      }
      for (Thread thread : threads) thread.join();
    }
    return commits.sum() / seconds;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
