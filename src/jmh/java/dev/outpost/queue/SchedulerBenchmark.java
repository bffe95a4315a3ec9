package dev.outpost.queue;

import dev.outpost.config.OutpostConfig;
import dev.outpost.config.RouteConfig;
import dev.outpost.config.SpoolConfig;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import dev.outpost.spool.RecipientState;
import dev.outpost.spool.Spool;
import dev.outpost.spool.Spools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The scheduler with a large queue: {@link QueueManager#enqueue} of deferred messages into a
 * queue that already holds {@code queued} of them, and the {@link RetryTimer} handing due
 * messages to dispatch while {@code queued} others wait an hour ahead. Both run in batches of
 * {@value #BATCH}; the figures are per message.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class SchedulerBenchmark {
  static final int BATCH = 10_000;
  private static final int DOMAINS = 10_000;

  /** A queue filled with deferred messages, as after a restart with a backlog. */
  @State(Scope.Benchmark)
  public static class Backlog {
    @Param({"1000000"})
    public int queued;

    private Path dir;
    private Spool spool;
    QueueManager queue;
    private long next;

    @Setup(Level.Trial)
    public void fill() throws IOException {
      dir = Files.createTempDirectory("outpost-scheduler-bench");
      spool = Spools.open(SpoolConfig.defaults(), dir);
      OutpostConfig config = OutpostConfig.defaults().withRoutes(List.of(new RouteConfig(List.of("*"), "127.0.0.1", 9)));
      queue = new QueueManager(config, spool, Clock.systemUTC(), new RouteResolver(config.routes()));
      for (int i = 0; i < queued; i++) queue.enqueue(deferred(next++));
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      queue.close();
      spool.close();
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
      }
    }

    Envelope next() {
      return deferred(next++);
    }
  }

  /** Message {@code n}: deferred once, due within the next hour, to one of {@value #DOMAINS} domains. */
  static Envelope deferred(long n) {
    Instant now = Instant.now();
    String id = "S" + n;
    return new Envelope(id, "news@sender.example",
        List.of(new Recipient("reader" + n + "@domain" + (n % DOMAINS) + ".example", Set.of(), null,
            RecipientState.PENDING, 1, "451 4.7.1 Please try again later")),
        now, "192.0.2.10", "app.sender.example", false, Envelope.BodyType.SEVEN_BIT, null, null,
        ("Received: from app.sender.example by mta.example.com id " + id + "\r\n").getBytes(StandardCharsets.US_ASCII),
        400, now.plus(Duration.ofMinutes(5 + n % 55)));
  }

  /** The next batch of envelopes, made before each timed enqueue so that making them is not timed. */
  @State(Scope.Thread)
  public static class Arrivals {
    Envelope[] batch = new Envelope[BATCH];

    @Setup(Level.Invocation)
    public void make(Backlog backlog) {
      for (int i = 0; i < BATCH; i++) batch[i] = backlog.next();
    }
  }

  /** A running timer with {@code queued} messages waiting an hour ahead, and a batch to make due. */
  @State(Scope.Benchmark)
  public static class Timer {
    @Param({"1000000"})
    public int queued;

    final AtomicLong fired = new AtomicLong();
    RetryTimer timer;
    QueuedMessage[] due = new QueuedMessage[BATCH];

    @Setup(Level.Trial)
    public void start() {
      timer = new RetryTimer(Clock.systemUTC(), m -> fired.incrementAndGet());
      Instant later = Instant.now().plus(Duration.ofHours(1));
      for (int i = 0; i < queued; i++) timer.schedule(QueuedMessage.of(deferred(i)), later.plusMillis(i % 3_600_000));
      for (int i = 0; i < BATCH; i++) due[i] = QueuedMessage.of(deferred(queued + i));
      timer.start();
    }

    @TearDown(Level.Trial)
    public void stop() {
      timer.stop();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OperationsPerInvocation(BATCH)
  @Warmup(iterations = 20)
  @Measurement(iterations = 40)
  public void enqueueDeferred(Backlog backlog, Arrivals arrivals) {
    for (Envelope e : arrivals.batch) backlog.queue.enqueue(e);
  }

  /** Schedules a batch due now and waits until the timer thread has handed every one of them on. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 5, time = 2)
  public void dueMessagesLeaveTheTimer(Timer t) {
    long target = t.fired.get() + BATCH;
    Instant now = Instant.now();
    for (QueuedMessage m : t.due) t.timer.schedule(m, now);
    while (t.fired.get() < target) Thread.onSpinWait();
  }
}
