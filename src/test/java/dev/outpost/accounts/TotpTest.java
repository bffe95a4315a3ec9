package dev.outpost.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TotpTest {
  /** The SHA-1 seed of RFC 6238 appendix B. */
  private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest(name = "T={0}s")
  @CsvSource({
    "59, 94287082",
    "1111111109, 07081804",
    "1111111111, 14050471",
    "1234567890, 89005924",
    "2000000000, 69279037",
    "20000000000, 65353130",
  })
  void rfc6238Sha1Vectors(long seconds, String expected) {
    long step = Totp.step(Instant.ofEpochSecond(seconds));

    assertThat(Totp.code(RFC_SECRET, step, 8)).isEqualTo(expected);
    assertThat(Totp.code(RFC_SECRET, step, 6)).isEqualTo(expected.substring(2));
  }

  @Test
  void aCodeMatchesInItsStepAndOneEitherSide() {
    Instant now = Instant.ofEpochSecond(1111111111);
    long step = Totp.step(now);
    String code = Totp.code(RFC_SECRET, step, 6);

    assertThat(Totp.matchingStep(RFC_SECRET, code, now, 0)).hasValue(step);
    assertThat(Totp.matchingStep(RFC_SECRET, code, now.plusSeconds(30), 0)).hasValue(step);
    assertThat(Totp.matchingStep(RFC_SECRET, code, now.minusSeconds(30), 0)).hasValue(step);
    assertThat(Totp.matchingStep(RFC_SECRET, code, now.plusSeconds(60), 0)).isEmpty();
  }

  @Test
  void aCodeOfAStepAlreadyUsedDoesNotMatch() {
    Instant now = Instant.ofEpochSecond(1111111111);
    long step = Totp.step(now);
    String code = Totp.code(RFC_SECRET, step, 6);

    assertThat(Totp.matchingStep(RFC_SECRET, code, now, step)).isEmpty();
    assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step - 1, 6), now, step)).isEmpty();
  }

  @Test
  void malformedCodesDoNotMatch() {
    Instant now = Instant.ofEpochSecond(59);

    assertThat(Totp.matchingStep(RFC_SECRET, "28708", now, 0)).isEmpty();
    assertThat(Totp.matchingStep(RFC_SECRET, "2870822", now, 0)).isEmpty();
    assertThat(Totp.matchingStep(RFC_SECRET, "28708a", now, 0)).isEmpty();
    assertThat(Totp.matchingStep(RFC_SECRET, null, now, 0)).isEmpty();
  }

  @Test
  void base32RoundTripsAndMatchesRfc4648() {
    assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
    assertThat(Base32.decode("MZXW6YTBOI")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
    assertThat(Base32.decode("mzxw6ytboi======")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
  }
}
