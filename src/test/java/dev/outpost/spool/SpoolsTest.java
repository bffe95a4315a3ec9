package dev.outpost.spool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.SpoolConfig;
import dev.outpost.config.SpoolConfig.SpoolEngine;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
