package dev.outpost.webhooks;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random ids and secrets. Ids are random rather than counted so that they need no sequence in the
 * database, and are not guessable from one another.
 */
final class WebhookIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** 256 bits: as strong as the HMAC-SHA256 key it is. */
  private static final int SECRET_BYTES = 32;

  private WebhookIds() {}

  /** {@code wh_} and 16 hex digits. */
  static String webhook() {
    return "wh_" + hex(8);
  }

  /** {@code dl_} and 16 hex digits. */
  static String delivery() {
    return "dl_" + hex(8);
  }

  /** {@code whsec_} and 32 random bytes in URL-safe base64: 49 characters, all printable ASCII. */
  static String secret() {
    byte[] bytes = new byte[SECRET_BYTES];
    RANDOM.nextBytes(bytes);
    return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
