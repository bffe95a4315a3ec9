package dev.outpost.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalizationTest {

  @Test
  void rfc6376Section345RelaxedHeaders() {
    List<HeaderField> fields = HeaderField.parse(bytes("A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n"));

    assertThat(fields.stream().map(RelaxedCanonicalizer::header)).containsExactly("a:X\r\n", "b:Y Z\r\n");
  }

  @Test
  void rfc6376Section345RelaxedBody() {
    assertThat(hash(" C \r\nD \t E\r\n\r\n\r\n")).isEqualTo(sha256(" C\r\nD E\r\n"));
  }

  @Test
  void rfc8463BodyHash() {
    assertThat(Base64.getEncoder().encodeToString(hasher(Rfc8463Example.crlf(Rfc8463Example.BODY), 1).digest()))
        .isEqualTo(Rfc8463Example.BODY_HASH);
  }

  @Test
  void theHashDoesNotDependOnHowTheBodyIsSplit() {
    String body = "line one \t \r\n\r\n  two\t\tspaced  \r\n \t\r\n\r\nthree\r\r\n\r\n \r\n\r\n";
    byte[] whole = hasher(bytes(body), body.length()).digest();
    for (int chunk = 1; chunk < 7; chunk++) assertThat(hasher(bytes(body), chunk).digest()).isEqualTo(whole);
    assertThat(whole).isEqualTo(sha256("line one\r\n\r\n two spaced\r\n\r\n\r\nthree\r\r\n"));
  }

  @Test
  void emptyBodiesHashAsNothingAndAMissingFinalCrlfIsAdded() {
    assertThat(hash("")).isEqualTo(sha256(""));
    assertThat(hash("\r\n\r\n \t\r\n")).isEqualTo(sha256(""));
    assertThat(hash("last line  ")).isEqualTo(sha256("last line\r\n"));
  }

  @Test
  void aLoneCarriageReturnIsContent() {
    assertThat(hash("a\rb\r\n")).isEqualTo(sha256("a\rb\r\n"));
  }

  @Test
  void longBodiesStayCorrectAcrossTheInternalBuffer() {
    String line = "x".repeat(70) + "  y\r\n";
    String body = line.repeat(2000);
    assertThat(hasher(bytes(body), 4096).digest())
        .isEqualTo(sha256((("x".repeat(70) + " y\r\n")).repeat(2000)));
  }

  private static byte[] hash(String body) {
    return hasher(bytes(body), 3).digest();
  }

  private static BodyHasher hasher(byte[] body, int chunk) {
    BodyHasher h = new BodyHasher();
    for (int i = 0; i < body.length; i += chunk) h.update(body, i, Math.min(chunk, body.length - i));
    return h;
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes(s));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
