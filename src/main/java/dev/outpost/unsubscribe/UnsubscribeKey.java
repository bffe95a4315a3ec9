package dev.outpost.unsubscribe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret that signs unsubscribe links: 32 random bytes in {@code <data_dir>/unsubscribe.key}
 * (base64 on one line, mode 0600), made on first start and reused after, so that links in mail
 * already sent keep working across restarts. Whoever reads this file can unsubscribe anyone from
 * any account; whoever deletes it breaks every one-click link sent so far.
 */
public final class UnsubscribeKey {
  public static final String FILE_NAME = "unsubscribe.key";
  private static final int LENGTH = 32;

  private UnsubscribeKey() {}

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
      // A link never replaces an existing name: of two processes starting at once, one key wins
      // and both use it.
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
          + "; remove it to make a new key (links already sent stop working)");
    }
    return key;
  }
}
