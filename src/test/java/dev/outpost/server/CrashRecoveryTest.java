package dev.outpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.testkit.ReceivedMessage;
import dev.outpost.testkit.SmtpSink;
import dev.outpost.testkit.TranscriptClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real Outpost process with SIGKILL while clients are sending, restarts it, and checks
 * that every message it acknowledged with 250 arrives intact at the receiving server.
 */
class CrashRecoveryTest {
  /** Three rounds in the suite; {@code -Doutpost.crash.rounds=10} for the longer run in BENCHMARKS.md. */
  private static final int ROUNDS = Integer.getInteger("outpost.crash.rounds", 3);
  private static final int CLIENTS = 8;
  private static final Pattern SUBJECT = Pattern.compile("Subject: crash-(\\d+)\r\n");

  @Test
  void everyAcknowledgedMessageIsDeliveredAfterKillDashNine(@TempDir Path dir) throws Exception {
    Random random = new Random();
    try (SmtpSink sink = SmtpSink.start()) {
      int port = freePort();
      Path config = dir.resolve("outpost.toml");
      Files.writeString(config, """
          [server]
          hostname = "crash.test"
          data_dir = "%s"

          [[listener]]
          name = "load"
          address = "127.0.0.1:%d"
          tls = "none"
          auth = "none"

          [[route]]
          domains = ["*"]
          host = "127.0.0.1"
          port = %d

          [http]
          address = "127.0.0.1:0"
          """.formatted(dir.resolve("data"), port, sink.port()));
      Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
      AtomicInteger nextId = new AtomicInteger();
      for (int round = 1; round <= ROUNDS; round++) {
        Process outpost = startOutpost(config, dir.resolve("outpost-" + round + ".log"), port);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread[] clients = new Thread[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
          clients[i] = Thread.ofVirtual().start(() -> sendUntilStopped(port, running, nextId, acknowledged));
        }
        int atStart = acknowledged.size();
        Thread.sleep(300 + random.nextInt(900));
        // Kill only under load: on a busy machine the clients may need longer to get going.
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (acknowledged.size() - atStart < 20 && System.nanoTime() < deadline) Thread.sleep(20);
        outpost.destroyForcibly().waitFor();
        running.set(false);
        for (Thread t : clients) t.join();
      }
      Process last = startOutpost(config, dir.resolve("outpost-final.log"), port);
      try {
        assertThat(acknowledged).as("the load actually ran").hasSizeGreaterThan(50);
        Map<Integer, Integer> arrivals = awaitAll(sink, acknowledged, Duration.ofSeconds(60));
        long duplicates = arrivals.values().stream().filter(n -> n > 1).count();
        System.out.printf("crash test: %d acknowledged, %d delivered, %d duplicated%n",
            acknowledged.size(), arrivals.keySet().stream().filter(acknowledged::contains).count(), duplicates);
        assertThat(arrivals.keySet()).containsAll(acknowledged);
      } finally {
        last.destroy();
        last.waitFor();
      }
    }
  }

  private static void sendUntilStopped(int port, AtomicBoolean running, AtomicInteger nextId, Set<Integer> acked) {
    while (running.get()) {
      try (TranscriptClient c = TranscriptClient.connect(new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(5))) {
        c.expectCode(220);
        c.send("EHLO load.test").expectCode(250);
        while (running.get()) {
          int id = nextId.incrementAndGet();
          c.sendRaw("MAIL FROM:<load@sender.test>\r\nRCPT TO:<r" + id + "@example.test>\r\nDATA\r\n");
          c.expectCode(250);
          c.expectCode(250);
          c.expectCode(354);
          c.sendRaw(body(id) + ".\r\n");
          c.expectCode(250);
          acked.add(id);
        }
      } catch (IOException | AssertionError e) {
        // the server was killed mid-conversation: only acknowledged messages count
      }
    }
  }

  private static String body(int id) {
    return "Subject: crash-" + id + "\r\n\r\n" + ("payload " + id + " ").repeat(40) + "\r\nend " + id + "\r\n";
  }

  private static Map<Integer, Integer> awaitAll(SmtpSink sink, Set<Integer> expected, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<Integer, Integer> arrivals = new HashMap<>();
    while (true) {
      arrivals.clear();
      for (ReceivedMessage m : sink.messages()) {
        String data = m.dataAsString();
        Matcher matcher = SUBJECT.matcher(data);
        assertThat(matcher.find()).as("every message carries its id").isTrue();
        int id = Integer.parseInt(matcher.group(1));
        assertThat(data).as("message %d arrived intact", id).endsWith(body(id));
        arrivals.merge(id, 1, Integer::sum);
      }
      if (arrivals.keySet().containsAll(expected) || System.nanoTime() > deadline) return arrivals;
      Thread.sleep(100);
    }
  }

  private static Process startOutpost(Path config, Path log, int port) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.outpost.cli.Main",
        "serve", "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return p;
      } catch (IOException e) {
        if (!p.isAlive()) throw new AssertionError("Outpost exited: " + Files.readString(log));
        Thread.sleep(50);
      }
    }
    p.destroyForcibly();
    throw new AssertionError("Outpost did not start listening: " + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
