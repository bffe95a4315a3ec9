package dev.outpost.tracking;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret that signs tracking links: 32 random bytes in {@code <data_dir>/tracking.key} (base64
 * on one line, mode 0600), made on first start and reused after, so that links in mail already
 * sent keep working across restarts. Whoever reads it can make Outpost redirect to any address
 * from its own host and forge opens and clicks; whoever deletes it breaks every tracked link sent
 * so far (they answer 404).
 */
public final class TrackingKey {
  public static final String FILE_NAME = "tracking.key";
  private static final int LENGTH = 32;

  private TrackingKey() {}

  /** The key in {@code dataDir}, created if there is none. */
  public static byte[] loadOrCreate(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE_NAME);
    if (Files.exists(file)) return read(file);
    byte[] key = new byte[LENGTH];
    new SecureRandom().nextBytes(key);
    Path tmp = Files.createTempFile(dataDir, ".tmp-", "",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
      // A hard link never replaces an existing name: of two processes starting at once, one key
      // wins and both use it.
      Files.createLink(file, tmp);
      return key;
    } catch (FileAlreadyExistsException e) {
      return read(file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static byte[] read(Path file) throws IOException {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " is not a base64 key: " + e.getMessage());
    }
    if (key.length < LENGTH) {
      throw new IOException(file + " holds " + key.length + " bytes, fewer than " + LENGTH
          + "; remove it to make a new key (tracked links already sent stop working)");
    }
    return key;
  }
}
