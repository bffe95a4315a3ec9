package dev.outpost.accounts;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238) over HOTP (RFC 4226): HMAC-SHA-1, 30-second steps
 * from the Unix epoch, 6 digits, the parameters every authenticator app uses by default. A code
 * is accepted in its own step and one step either side, to forgive clock drift and typing time.
 */
public final class Totp {
  public static final int DIGITS = 6;
  public static final long STEP_SECONDS = 30;
  private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

  private Totp() {}

  /** The time step that holds {@code t}. */
  public static long step(Instant t) {
    return Math.floorDiv(t.getEpochSecond(), STEP_SECONDS);
  }

  /** The code for a step, with {@code digits} digits (RFC 6238's test vectors use 8). */
  static String code(byte[] secret, long step, int digits) {
    byte[] hmac;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret, "HmacSHA1"));
      hmac = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA1", e);
    }
    int offset = hmac[hmac.length - 1] & 0x0f;
    int binary = ((hmac[offset] & 0x7f) << 24) | ((hmac[offset + 1] & 0xff) << 16)
        | ((hmac[offset + 2] & 0xff) << 8) | (hmac[offset + 3] & 0xff);
    String code = Integer.toString(binary % POWERS[digits]);
    return "0".repeat(digits - code.length()) + code;
  }

  /**
   * The step a code belongs to, if it matches one of the steps around {@code now} that is later
   * than {@code lastUsedStep}. Every candidate is computed and compared in constant time, so the
   * time taken does not say which step matched.
   */
  public static OptionalLong matchingStep(byte[] secret, String code, Instant now, long lastUsedStep) {
    if (code == null || code.length() != DIGITS || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    long current = step(now);
    long found = -1;
    for (long s = current - 1; s <= current + 1; s++) {
      boolean same = MessageDigest.isEqual(code(secret, s, DIGITS).getBytes(), code.getBytes());
      if (same && s > lastUsedStep && found < 0) found = s;
    }
    return found < 0 ? OptionalLong.empty() : OptionalLong.of(found);
  }
}
