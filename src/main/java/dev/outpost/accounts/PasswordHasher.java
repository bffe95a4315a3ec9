package dev.outpost.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters.Builder;

/**
 * Argon2id password hashes in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}, base64 without padding), which carries its
 * own parameters, so hashes made with older parameters still verify and can be upgraded on the
 * next successful login ({@link #needsRehash}).
 *
 * <p>Each hash holds {@code m} KiB for its duration. At most one hash per processor runs at a
 * time: more would not finish sooner on the CPU, and a burst of AUTH attempts must not turn into
 * a burst of memory (a thousand sessions at 19 MiB each). Waiting callers are virtual threads.
 *
 * <p>Passwords are never logged, nor put in exceptions.
 */
public final class PasswordHasher {
  private static final Pattern PHC = Pattern.compile(
      "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,4}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{22,128})");
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final int MAX_MEMORY_KIB = 1024 * 1024;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

  private final Argon2Parameters parameters;
  private final SecureRandom random;
  private final Semaphore running = new Semaphore(Runtime.getRuntime().availableProcessors(), true);

  public PasswordHasher(Argon2Parameters parameters, SecureRandom random) {
    this.parameters = parameters;
    this.random = random;
  }

  public static PasswordHasher production() {
    return new PasswordHasher(Argon2Parameters.PRODUCTION, new SecureRandom());
  }

  public Argon2Parameters parameters() {
    return parameters;
  }

  /** A new PHC string for {@code password} with a fresh random salt. */
  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = compute(password, salt, parameters, HASH_BYTES);
    return "$argon2id$v=19$m=" + parameters.memoryKiB() + ",t=" + parameters.iterations() + ",p="
        + parameters.parallelism() + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
  }

  /**
   * Whether {@code password} matches the PHC string. A string that is not a well-formed Argon2id
   * PHC string matches nothing. The final comparison is {@link MessageDigest#isEqual}, which
   * takes the same time wherever the first differing byte is.
   */
  public boolean verify(String password, String phc) {
    Matcher m = PHC.matcher(phc);
    if (!m.matches()) return false;
    Argon2Parameters stored;
    byte[] salt;
    byte[] expected;
    try {
      stored = new Argon2Parameters(
          Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      salt = B64_DECODER.decode(m.group(4));
      expected = B64_DECODER.decode(m.group(5));
    } catch (IllegalArgumentException e) {
      return false;
    }
    // A stored hash is data: one altered to ask for gigabytes must not take the server down.
    if (stored.memoryKiB() > MAX_MEMORY_KIB) return false;
    byte[] actual = compute(password, salt, stored, expected.length);
    return MessageDigest.isEqual(actual, expected);
  }

  /** Whether a stored hash was made with other parameters than the current ones. */
  public boolean needsRehash(String phc) {
    Matcher m = PHC.matcher(phc);
    return !m.matches()
        || Integer.parseInt(m.group(1)) != parameters.memoryKiB()
        || Integer.parseInt(m.group(2)) != parameters.iterations()
        || Integer.parseInt(m.group(3)) != parameters.parallelism();
  }

  private byte[] compute(String password, byte[] salt, Argon2Parameters p, int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Builder(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
        .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(p.memoryKiB())
        .withIterations(p.iterations())
        .withParallelism(p.parallelism())
        .withSalt(salt)
        .build());
    byte[] out = new byte[length];
    running.acquireUninterruptibly();
    try {
      generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    } finally {
      running.release();
    }
    return out;
  }
}
