package dev.outpost.accounts;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Single-use recovery codes: ten per enrollment, each 80 random bits written as four groups of
 * four base32 characters ({@code abcd-efgh-ijkl-mnop}). They are stored as SHA-256, for the
 * reason API keys are: 80 random bits are out of reach of guessing however fast the hash.
 */
final class RecoveryCodes {
  static final int COUNT = 10;
  private static final int BYTES = 10;

  private RecoveryCodes() {}

  static List<String> generate(SecureRandom random) {
    List<String> codes = new ArrayList<>(COUNT);
    for (int i = 0; i < COUNT; i++) {
      byte[] bytes = new byte[BYTES];
      random.nextBytes(bytes);
      String plain = Base32.encode(bytes).toLowerCase(Locale.ROOT);
      codes.add(plain.substring(0, 4) + "-" + plain.substring(4, 8) + "-" + plain.substring(8, 12) + "-"
          + plain.substring(12, 16));
    }
    return codes;
  }

  /** The stored form of a code as typed: dashes, spaces and case do not matter. */
  static String hash(String typed) {
    String plain = typed.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
    return ApiKeys.sha256Hex(plain);
  }
}
