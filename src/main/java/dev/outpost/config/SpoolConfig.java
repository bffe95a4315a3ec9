package dev.outpost.config;

/** {@code [spool]}: the storage engine behind the spool. */
public record SpoolConfig(SpoolEngine engine) {

  public static SpoolConfig defaults() {
    return new SpoolConfig(SpoolEngine.ROCKSDB);
  }

  public enum SpoolEngine {
    ROCKSDB,
    FILES
  }
}
