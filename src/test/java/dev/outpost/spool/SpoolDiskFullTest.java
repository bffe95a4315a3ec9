package dev.outpost.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.outpost.config.SpoolConfig;
import dev.outpost.config.SpoolConfig.SpoolEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fills a small tmpfs until commits fail, then frees space and expects the same open spool to
 * accept mail again. Mounting needs root; elsewhere the test is skipped.
 */
class SpoolDiskFullTest {
  @TempDir Path dir;
  private Path mount;

  @ParameterizedTest
  @EnumSource(SpoolEngine.class)
  void fullDiskFailsCommitsCleanlyAndTheSpoolRecoversWhenSpaceReturns(SpoolEngine engine) throws Exception {
    mount = dir.resolve("tmpfs");
    Files.createDirectories(mount);
    assumeThat(run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString()))
        .as("mounting a tmpfs (needs root)").isTrue();
    Path filler = mount.resolve("filler");
    Files.write(filler, new byte[3 * 1024 * 1024]);
    var ids = new QueueIds();
    List<String> stored = new ArrayList<>();
    try (Spool spool = Spools.open(new SpoolConfig(engine), mount)) {
      IOException failure = null;
      String failedId = null;
      for (int i = 0; i < 200 && failure == null; i++) {
        String id = ids.next();
        try {
          SpoolFixtures.store(spool, id, SpoolFixtures.checkedBody(i, 100_000));
          stored.add(id);
        } catch (IOException e) {
          failure = e;
          failedId = id;
        }
      }
      assertThat(failure).isInstanceOf(SpoolFullException.class).hasMessageContaining("full");
      String failed = failedId;
      assertThatThrownBy(() -> spool.openBody(failed)).isInstanceOf(IOException.class);
      assertThatThrownBy(() -> SpoolFixtures.store(spool, ids.next(), new byte[50_000])).isInstanceOf(SpoolFullException.class);

      Files.delete(filler);
      String afterRecovery = ids.next();
      SpoolFixtures.store(spool, afterRecovery, SpoolFixtures.checkedBody(7, 5_000));
      stored.add(afterRecovery);
      for (String id : stored) assertThat(SpoolFixtures.isIntact(SpoolFixtures.read(spool, id))).as(id).isTrue();
    }
    try (Spool spool = Spools.open(new SpoolConfig(engine), mount)) {
      List<String> found = new ArrayList<>();
      spool.forEachEnvelope(e -> found.add(e.queueId()));
      assertThat(found).containsAll(stored);
    }
  }

  @AfterEach
  void unmount() throws Exception {
    if (mount != null && !run("umount", mount.toString())) run("umount", "-l", mount.toString());
  }

  private static boolean run(String... command) throws Exception {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException noSuchCommand) {
      return false;
    }
  }
}
