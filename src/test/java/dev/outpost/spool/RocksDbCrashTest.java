package dev.outpost.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a committing process with SIGKILL and checks that every acknowledged message survived. */
class RocksDbCrashTest {
  @TempDir Path dir;

  @Test
  void everyAcknowledgedMessageSurvivesSigkill() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        SpoolCrashChild.class.getName(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Thread reader = Thread.ofPlatform().start(() -> {
      try (var lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
        for (String line; (line = lines.readLine()) != null; ) {
          // A line cut short by the kill is not an acknowledgement.
          if (line.matches("ack [0-9A-Z]{16}")) acknowledged.add(line.substring(4));
        }
      } catch (java.io.IOException ignored) {
        // The pipe breaks when the child dies; what was read is what was acknowledged.
      }
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
    while (acknowledged.size() < 50 && System.nanoTime() < deadline) Thread.sleep(20);
    Thread.sleep(1000);
    child.destroyForcibly();
    assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    reader.join();
    assertThat(acknowledged).as("acknowledged before the kill").hasSizeGreaterThan(50);

    try (Spool spool = RocksDbSpool.open(dir)) {
      Set<String> stored = ConcurrentHashMap.newKeySet();
      spool.forEachEnvelope(e -> stored.add(e.queueId()));
      assertThat(stored).containsAll(acknowledged);
      for (String id : stored) {
        assertThat(SpoolFixtures.isIntact(SpoolFixtures.read(spool, id))).as("body of " + id).isTrue();
      }
    }
  }
}
