package dev.outpost.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HMAC-SHA256 key for one purpose, derived from a secret, and the tokens it signs: a payload
 * followed by the first {@link #MAC_LENGTH} octets of its MAC, in unpadded base64url. Keys derived
 * for different purposes from the same secret never accept each other's tokens.
 */
public final class SigningKey {
  public static final int MAC_LENGTH = 16;
  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final SecretKeySpec key;

  /** The key for {@code purpose}, an ASCII label that no other use of {@code secret} shares. */
  public SigningKey(byte[] secret, String purpose) {
    SecretKeySpec master = new SecretKeySpec(secret, ALGORITHM);
    this.key = new SecretKeySpec(hmac(master, purpose.getBytes(StandardCharsets.US_ASCII)), ALGORITHM);
  }

  /** The whole HMAC of {@code data}. */
  public byte[] mac(byte[] data) {
    return hmac(key, data);
  }

  /** The token that carries {@code payload}. */
  public String sign(byte[] payload) {
    byte[] token = Arrays.copyOf(payload, payload.length + MAC_LENGTH);
    System.arraycopy(mac(payload), 0, token, payload.length, MAC_LENGTH);
    return ENCODER.encodeToString(token);
  }

  /**
   * The payload of a token this key signed; empty for anything else, including any token longer
   * than {@code maxLength} characters, without saying why.
   */
  public Optional<byte[]> verify(String token, int maxLength) {
    if (token == null || token.length() > maxLength) return Optional.empty();
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // The last character of unpadded base64 can carry unused bits that decoding ignores; only the
    // one spelling this key writes is accepted, so each payload has exactly one token.
    if (bytes.length < MAC_LENGTH || !ENCODER.encodeToString(bytes).equals(token)) return Optional.empty();
    byte[] payload = Arrays.copyOf(bytes, bytes.length - MAC_LENGTH);
    byte[] expected = Arrays.copyOf(mac(payload), MAC_LENGTH);
    // In constant time, so that how long the comparison takes tells a forger nothing.
    if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, payload.length, bytes.length))) {
      return Optional.empty();
    }
    return Optional.of(payload);
  }

  private static byte[] hmac(SecretKeySpec key, byte[] data) {
    try {
      // A Mac is not thread-safe and costs microseconds to make; one per call keeps this class
      // shareable between sessions without pooling.
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
