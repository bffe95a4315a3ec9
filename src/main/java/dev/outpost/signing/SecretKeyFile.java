package dev.outpost.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A secret of 32 random bytes in a file of the data directory (base64 on one line, mode 0600),
 * made on first start and reused after, so that what was signed with it keeps working across
 * restarts.
 */
public final class SecretKeyFile {
  private static final int LENGTH = 32;

  private SecretKeyFile() {}

  /**
   * The key in {@code dataDir/fileName}, created if there is none. {@code lostOnRemoval} says what
   * stops working when the file is removed, for the error about a key too short to use.
   */
  public static byte[] loadOrCreate(Path dataDir, String fileName, String lostOnRemoval) throws IOException {
    Path file = dataDir.resolve(fileName);
    if (Files.exists(file)) return read(file, lostOnRemoval);
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
      return read(file, lostOnRemoval);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static byte[] read(Path file, String lostOnRemoval) throws IOException {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " is not a base64 key: " + e.getMessage());
    }
    if (key.length < LENGTH) {
      throw new IOException(file + " holds " + key.length + " bytes, fewer than " + LENGTH
          + "; remove it to make a new key (" + lostOnRemoval + ")");
    }
    return key;
  }
}
