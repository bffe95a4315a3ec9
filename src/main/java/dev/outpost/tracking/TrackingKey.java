package dev.outpost.tracking;

import dev.outpost.signing.SecretKeyFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The secret that signs tracking links, a {@link SecretKeyFile} named
 * {@code <data_dir>/tracking.key}. Whoever reads it can make Outpost redirect to any address from
 * its own host and forge opens and clicks; whoever deletes it breaks every tracked link sent so
 * far (they answer 404).
 */
public final class TrackingKey {
  public static final String FILE_NAME = "tracking.key";

  private TrackingKey() {}

  /** The key in {@code dataDir}, created if there is none. */
  public static byte[] loadOrCreate(Path dataDir) throws IOException {
    return SecretKeyFile.loadOrCreate(dataDir, FILE_NAME, "tracked links already sent stop working");
  }
}
