package dev.outpost.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes and hashes API keys: {@code op_live_} and 32 random bytes in base64url (43 characters).
 * The prefix lets secret scanners and people recognise a leaked key.
 *
 * <p>Keys are stored as plain SHA-256, not Argon2: a slow hash protects secrets a person chose,
 * which an attacker can guess; 256 random bits cannot be guessed at any hashing speed. A fast,
 * unsalted hash is also what lets a key be found by an index lookup on every API request.
 */
public final class ApiKeys {
  public static final String PREFIX = "op_live_";
  private static final int KEY_BYTES = 32;
  private static final int HINT_LENGTH = PREFIX.length() + 6;

  private final SecureRandom random;

  public ApiKeys(SecureRandom random) {
    this.random = random;
  }

  public IssuedApiKey issue(String account, ApiKeyScope scope, Instant now) {
    byte[] bytes = new byte[KEY_BYTES];
    random.nextBytes(bytes);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return new IssuedApiKey(secret, new ApiKey(hash(secret), secret.substring(0, HINT_LENGTH), account, scope, now));
  }

  /** The stored form of a key as presented by a client. */
  public static String hash(String secret) {
    return sha256Hex(secret);
  }

  static String sha256Hex(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
