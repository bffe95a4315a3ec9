package dev.outpost.queue;

import dev.outpost.config.OutpostConfig;
import dev.outpost.config.RouteConfig;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.QueueIds;
import dev.outpost.spool.Recipient;
import dev.outpost.spool.RecipientState;
import dev.outpost.spool.Spool;
import dev.outpost.spool.SpoolWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Memory per queued message and the time of a restart's {@link QueueManager#recover}, with
 * N messages (default 1,000,000) to D domains (default 10,000), all deferred (due in an hour),
 * none delivered. Each message is committed to the default RocksDB spool by 64 concurrent virtual
 * threads, as receiving does, and enqueued right after its commit. Heap is measured after full
 * GCs. Then the spool is closed and reopened and a new queue recovers from it. Not a test; run
 * it by hand:
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     dev.outpost.queue.QueueMemoryBenchmark [messages] [domains] [scratch-dir]
 * </pre>
 */
public final class QueueMemoryBenchmark {
  private static final int COMMITTERS = 64;

  private QueueMemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int domains = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Path scratch = Files.createTempDirectory(args.length > 2 ? Path.of(args[2]) : Path.of(System.getProperty("java.io.tmpdir")),
        "queue-bench");
    OutpostConfig config = OutpostConfig.defaults()
        .withRoutes(List.of(new RouteConfig(List.of("*"), "127.0.0.1", 9)));
    Clock clock = Clock.systemUTC();
    try {
      Spool spool = TestSpools.open(scratch);
      long baseline = usedHeapAfterGc();
      QueueManager queue = new QueueManager(config, spool, clock, new RouteResolver(config.routes()));
      long start = System.nanoTime();
      fill(spool, queue, messages, domains, clock.instant());
      double fillSeconds = (System.nanoTime() - start) / 1e9;
      long filled = usedHeapAfterGc();
      report("enqueued", messages, domains, queue.size(), filled - baseline);
      System.out.printf("  committing and enqueueing took %.1f s (%.0f msg/s)%n", fillSeconds, messages / fillSeconds);
      queue.close();
      queue = null;
      spool.close();

      long open = System.nanoTime();
      spool = TestSpools.open(scratch);
      double openSeconds = (System.nanoTime() - open) / 1e9;
      baseline = usedHeapAfterGc();
      QueueManager recovered = new QueueManager(config, spool, clock, new RouteResolver(config.routes()));
      long recover = System.nanoTime();
      recovered.recover();
      double recoverSeconds = (System.nanoTime() - recover) / 1e9;
      long after = usedHeapAfterGc();
      report("recovered", messages, domains, recovered.size(), after - baseline);
      System.out.printf("  spool open %.2f s; recover() %.1f s (%.0f envelopes/s)%n", openSeconds, recoverSeconds,
          messages / recoverSeconds);
      recovered.close();
      spool.close();
    } finally {
      try (Stream<Path> files = Files.walk(scratch)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
  }

  /** Commits and enqueues {@code n} deferred messages, each to one recipient of domain i mod d. */
  private static void fill(Spool spool, QueueManager queue, int n, int d, Instant now) throws Exception {
    QueueIds ids = new QueueIds();
    byte[] body = ("Subject: weekly news\r\nFrom: news@sender.example\r\n\r\n" + "x".repeat(400) + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    Instant due = now.plus(Duration.ofHours(1));
    AtomicInteger next = new AtomicInteger();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < COMMITTERS; t++) {
        pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
            String id = ids.next();
            Envelope envelope = new Envelope(id, "news@sender.example",
                List.of(new Recipient("reader" + i + "@domain" + (i % d) + ".example", Set.of(), null,
                    RecipientState.PENDING, 1, "451 4.7.1 Please try again later")),
                now, "192.0.2.10", "app.sender.example", false, Envelope.BodyType.SEVEN_BIT, null, null,
                ("Received: from app.sender.example ([192.0.2.10]) by mta.example.com with ESMTP id " + id
                    + "; Thu, 26 Nov 2026 04:00:00 +0000\r\n").getBytes(StandardCharsets.US_ASCII),
                body.length, due);
            try (SpoolWriter writer = spool.begin(id)) {
              writer.write(body, 0, body.length);
              writer.commit(envelope);
            }
            queue.enqueue(envelope);
          }
          return null;
        });
      }
    }
  }

  private static void report(String phase, int messages, int domains, int queued, long bytes) {
    System.out.printf("%s: %,d messages to %,d domains, %,d queued; heap %.1f MiB, %.0f bytes per message%n",
        phase, messages, domains, queued, bytes / 1048576.0, (double) bytes / messages);
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(200);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
