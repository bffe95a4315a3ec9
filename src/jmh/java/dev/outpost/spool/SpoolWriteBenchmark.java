package dev.outpost.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The spool write path as receiving uses it: {@link RocksDbSpool#begin}, the body in 32 KiB
 * writes, and {@link SpoolWriter#commit} with its fsync, by one committer and by 50 at once (whose
 * commits share WAL syncs). Each iteration starts on an empty spool in a fresh directory under
 * {@code java.io.tmpdir}, which should be on the disk the spool will live on.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 4, time = 3)
@Fork(1)
public class SpoolWriteBenchmark {
  private static final int WRITE_SIZE = 32 * 1024;
  private static final byte[] PREFIX = "Received: by bench.test; Sun, 1 Mar 2026 10:00:00 +0000\r\n".getBytes();

  @Param({"5000", "100000"})
  public int size;

  private final AtomicLong ids = new AtomicLong();
  private byte[] body;
  private Path dir;
  private RocksDbSpool spool;

  @Setup(Level.Iteration)
  public void open() throws IOException {
    body = new byte[size];
    Arrays.fill(body, (byte) 'x');
    dir = Files.createTempDirectory("outpost-spool-bench");
    spool = RocksDbSpool.open(dir);
  }

  @TearDown(Level.Iteration)
  public void close() throws IOException {
    spool.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) Files.delete(p);
    }
  }

  @Benchmark
  @Threads(1)
  public void oneCommitter() throws IOException {
    commitOne();
  }

  @Benchmark
  @Threads(50)
  public void fiftyCommitters() throws IOException {
    commitOne();
  }

  private void commitOne() throws IOException {
    String id = "B" + ids.incrementAndGet();
    Instant now = Instant.now();
    Envelope envelope = new Envelope(id, "news@shop.example", List.of(Recipient.pending("r@example.net", Set.of(), null)),
        now, "127.0.0.1", "client.test", false, Envelope.BodyType.SEVEN_BIT, null, null, PREFIX, size, now);
    try (SpoolWriter writer = spool.begin(id)) {
      for (int offset = 0; offset < size; offset += WRITE_SIZE) {
        writer.write(body, offset, Math.min(WRITE_SIZE, size - offset));
      }
      writer.commit(envelope);
    }
  }
}
