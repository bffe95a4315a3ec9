package dev.outpost.spool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.SpoolConfig;
import dev.outpost.config.SpoolConfig.SpoolEngine;
import dev.outpost.metrics.OutpostMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolsTest {
  @TempDir Path dataDir;

  @Test
  void opensTheConfiguredEngineInItsOwnDirectory() throws Exception {
    try (Spool spool = Spools.open(SpoolConfig.defaults(), dataDir)) {
      assertThat(spool).isInstanceOf(RocksDbSpool.class);
    }
    try (Spool spool = Spools.open(new SpoolConfig(SpoolEngine.FILES), dataDir)) {
      assertThat(spool).isInstanceOf(FileSpool.class);
    }
    assertThat(Files.isDirectory(dataDir.resolve("spool-rocksdb"))).isTrue();
    assertThat(Files.isDirectory(dataDir.resolve("spool-files/queue/ff"))).isTrue();
  }

  @Test
  void eachEngineTimesItsCommitsAndTheirSyncsUnderItsName() throws Exception {
    var registry = new SimpleMeterRegistry();
    OutpostMetrics metrics = OutpostMetrics.of(registry, Clock.systemUTC());
    for (SpoolConfig config : List.of(SpoolConfig.defaults(), new SpoolConfig(SpoolEngine.FILES))) {
      try (Spool spool = Spools.open(config, dataDir, metrics)) {
        SpoolFixtures.store(spool, "Q1", SpoolFixtures.checkedBody(1, 1000));
        SpoolFixtures.store(spool, "Q2", SpoolFixtures.checkedBody(2, 300_000));
        try (SpoolWriter aborted = spool.begin("Q3")) {
          aborted.write(new byte[10], 0, 10);
        }
      }
    }
    for (String engine : List.of("rocksdb", "files")) {
      assertThat(registry.get("outpost.spool.commit").tag("engine", engine).timer().count()).as(engine).isEqualTo(2);
      assertThat(registry.get("outpost.spool.fsync").tag("engine", engine).timer().count()).as(engine).isEqualTo(2);
    }
  }
}
