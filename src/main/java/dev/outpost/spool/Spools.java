package dev.outpost.spool;

import dev.outpost.config.SpoolConfig;
import dev.outpost.metrics.OutpostMetrics;
import java.io.IOException;
import java.nio.file.Path;

/** Opens the spool engine the configuration names, in its own directory under the data dir. */
public final class Spools {
  private Spools() {}

  /** {@code dataDir/spool-rocksdb} or {@code dataDir/spool-files}, created if missing. */
  public static Spool open(SpoolConfig config, Path dataDir) throws IOException {
    return open(config, dataDir, OutpostMetrics.none());
  }

  /** As {@link #open(SpoolConfig, Path)}, timing commits into {@code metrics} under the engine's name. */
  public static Spool open(SpoolConfig config, Path dataDir, OutpostMetrics metrics) throws IOException {
    return switch (config.engine()) {
      case ROCKSDB -> RocksDbSpool.open(dataDir.resolve("spool-rocksdb"), metrics.spool("rocksdb"));
      case FILES -> FileSpool.open(dataDir.resolve("spool-files"), metrics.spool("files"));
    };
  }
}
