package dev.outpost.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackingTokensTest {
  private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  private static final TrackedMessage MESSAGE =
      new TrackedMessage("38GNZ8XGC0000SZG", "reader@example.test", "acme", "spring-2030");

  private final TrackingTokens tokens = new TrackingTokens(key(1));

  @Test
  void anOpenTokenCarriesTheMessageAndIsUrlSafe() {
    String token = tokens.issue(new TrackingToken.Open(MESSAGE));

    assertThat(token).matches("[A-Za-z0-9_-]+");
    assertThat(tokens.verifyOpen(token)).contains(new TrackingToken.Open(MESSAGE));
  }

  @Test
  void aClickTokenCarriesTheUrlAndMissingFieldsComeBackNull() {
    var message = new TrackedMessage("Q1", null, "acme", null);
    var click = new TrackingToken.Click(message, "https://shop.example/sale?a=1&b=ü");

    assertThat(tokens.verifyClick(tokens.issue(click))).contains(click);
  }

  @Test
  void anOpenTokenIsNoClickTokenNorTheOtherWayRound() {
    String open = tokens.issue(new TrackingToken.Open(MESSAGE));
    String click = tokens.issue(new TrackingToken.Click(MESSAGE, "https://x.example/"));

    assertThat(tokens.verifyClick(open)).isEmpty();
    assertThat(tokens.verifyOpen(click)).isEmpty();
  }

  @Test
  void changingAnyCharacterOfATokenMakesItInvalid() {
    String token = tokens.issue(new TrackingToken.Click(MESSAGE, "https://x.example/"));

    for (int i = 0; i < token.length(); i++) {
      char other = BASE64URL.charAt((BASE64URL.indexOf(token.charAt(i)) + 1) % BASE64URL.length());
      String altered = token.substring(0, i) + other + token.substring(i + 1);
      assertThat(tokens.verifyClick(altered)).as("character %d changed", i).isEmpty();
    }
    assertThat(tokens.verifyClick(token.substring(0, token.length() - 1))).isEmpty();
    assertThat(tokens.verifyClick(token + "A")).isEmpty();
    assertThat(tokens.verifyClick(token + "=")).isEmpty();
  }

  @Test
  void aTokenOfAnotherKeyIsInvalid() {
    String token = new TrackingTokens(key(2)).issue(new TrackingToken.Open(MESSAGE));

    assertThat(tokens.verifyOpen(token)).isEmpty();
  }

  @Test
  void garbageIsNoToken() {
    assertThat(tokens.verifyOpen(null)).isEmpty();
    assertThat(tokens.verifyOpen("")).isEmpty();
    assertThat(tokens.verifyOpen("not a token!")).isEmpty();
    assertThat(tokens.verifyOpen("AAAA")).isEmpty();
    assertThat(tokens.verifyClick("A".repeat(100_000))).isEmpty();
  }

  @Test
  void aUrlLongerThanTheLimitIsRefused() {
    String longest = "https://x.example/" + "a".repeat(TrackingTokens.MAX_URL - 18);
    assertThat(tokens.verifyClick(tokens.issue(new TrackingToken.Click(MESSAGE, longest)))).isPresent();

    assertThatThrownBy(() -> tokens.issue(new TrackingToken.Click(MESSAGE, longest + "a")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theKeyIsMadeOnceWithOwnerOnlyAccessAndReused(@TempDir Path dir) throws Exception {
    byte[] first = TrackingKey.loadOrCreate(dir);
    byte[] second = TrackingKey.loadOrCreate(dir);

    assertThat(first).hasSize(32).isEqualTo(second);
    Path file = dir.resolve(TrackingKey.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    try (var listing = Files.list(dir)) {
      assertThat(listing).containsExactly(file);
    }
    Files.writeString(file, "c2hvcnQ=\n", StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> TrackingKey.loadOrCreate(dir)).hasMessageContaining("fewer than 32");
  }

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }
}
