package dev.outpost.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SigningKeyTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PAYLOAD = "payload".getBytes(StandardCharsets.US_ASCII);

  @Test
  void aTokenGivesBackItsPayloadAndIsUrlSafe() {
    SigningKey key = new SigningKey(SECRET, "one purpose");
    String token = key.sign(PAYLOAD);

    assertThat(token).matches("[A-Za-z0-9_-]+");
    assertThat(key.verify(token, 100)).hasValueSatisfying(p -> assertThat(p).isEqualTo(PAYLOAD));
  }

  @Test
  void aKeyForAnotherPurposeRefusesTheToken() {
    String token = new SigningKey(SECRET, "one purpose").sign(PAYLOAD);

    assertThat(new SigningKey(SECRET, "another purpose").verify(token, 100)).isEmpty();
  }

  @Test
  void editedOverlongAndJunkTokensAreRefused() {
    SigningKey key = new SigningKey(SECRET, "one purpose");
    String token = key.sign(PAYLOAD);
    char last = token.charAt(token.length() - 1);

    assertThat(key.verify(token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A'), 100)).isEmpty();
    assertThat(key.verify(token, token.length() - 1)).isEmpty();
    assertThat(key.verify("not base64!", 100)).isEmpty();
    assertThat(key.verify("", 100)).isEmpty();
    assertThat(key.verify(null, 100)).isEmpty();
  }
}
