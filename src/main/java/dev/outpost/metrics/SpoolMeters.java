package dev.outpost.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One spool engine's latencies, tagged {@code engine=rocksdb|files}: the commit of a received
 * message as a whole (last body bytes, envelope and sync: what the client waits for before its
 * 250), and within it the synced write alone, where the fsync and the wait for a shared group
 * commit are.
 */
public final class SpoolMeters {
  private static final Duration[] BUCKETS = {
      Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500)};

  private final Timer commit;
  private final Timer sync;

  SpoolMeters(MeterRegistry registry, String engine) {
    commit = Timer.builder("outpost.spool.commit").tag("engine", engine)
        .description("time to commit a received message durably, body end, envelope and sync")
        .serviceLevelObjectives(BUCKETS).register(registry);
    sync = Timer.builder("outpost.spool.fsync").tag("engine", engine)
        .description("time of the synced write within a commit (fsync, shared by concurrent commits)")
        .serviceLevelObjectives(BUCKETS).register(registry);
  }

  /** Meters that count nothing, for a spool opened outside a server. */
  public static SpoolMeters none() {
    return OutpostMetrics.none().spool("none");
  }

  /** A commit that began at {@code startNanos} ({@link System#nanoTime}) has ended. */
  public void committed(long startNanos) {
    commit.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  /** A synced write that began at {@code startNanos} ({@link System#nanoTime}) has ended. */
  public void synced(long startNanos) {
    sync.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }
}
