package dev.outpost.unsubscribe;

import dev.outpost.signing.SecretKeyFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The secret that signs unsubscribe links, a {@link SecretKeyFile} named
 * {@code <data_dir>/unsubscribe.key}. Whoever reads this file can unsubscribe anyone from any
 * account; whoever deletes it breaks every one-click link sent so far.
 */
public final class UnsubscribeKey {
  public static final String FILE_NAME = "unsubscribe.key";

  private UnsubscribeKey() {}

  /** The key in {@code dataDir}, created if there is none. */
  public static byte[] loadOrCreate(Path dataDir) throws IOException {
    return SecretKeyFile.loadOrCreate(dataDir, FILE_NAME, "links already sent stop working");
  }
}
