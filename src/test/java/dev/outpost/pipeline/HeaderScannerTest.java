package dev.outpost.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderScannerTest {

  private static HeaderScanner scan(String message, int chunk) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    HeaderScanner scanner = new HeaderScanner();
    for (int i = 0; i < bytes.length && !scanner.isComplete(); i += chunk) {
      scanner.scan(bytes, i, Math.min(chunk, bytes.length - i));
    }
    return scanner;
  }

  @Test
  void takesTheCampaignIdWhateverTheFieldNamesCaseAndHowTheBytesArrive() {
    String message = "From: a@example.com\r\nx-outpost-campaign:  spring-sale.2025_v2 \r\nSubject: hi\r\n\r\nbody\r\n";
    for (int chunk : new int[] {1, 3, 7, 1024}) {
      HeaderScanner s = scan(message, chunk);
      assertThat(s.campaign()).as("chunks of %d", chunk).isEqualTo("spring-sale.2025_v2");
      assertThat(s.fromValue()).isEqualTo(" a@example.com");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "X-Outpost-Campaign: two words",
      "X-Outpost-Campaign: semi;colon",
      "X-Outpost-Campaign: ",
      "X-Outpost-Campaign: ünicode",
      "X-Outpost-Campaign: 12345678901234567890123456789012345678901234567890123456789012345",
      "X-Outpost-Campaign: folded\r\n  value",
      "X-Outpost-Campaigns: near-miss"})
  void ignoresAValueThatIsNotAShortToken(String field) {
    assertThat(scan("Subject: x\r\n" + field + "\r\n\r\nbody", 5).campaign()).isNull();
  }

  @Test
  void aSixtyFourCharacterIdIsTheLongestTaken() {
    String id = "a".repeat(64);
    assertThat(scan("X-Outpost-Campaign: " + id + "\r\n\r\n", 4).campaign()).isEqualTo(id);
  }

  @Test
  void theFirstFieldWinsAndTheBodyIsNotLookedAt() {
    assertThat(scan("X-Outpost-Campaign: first\r\nX-Outpost-Campaign: second\r\n\r\n", 2).campaign())
        .isEqualTo("first");
    assertThat(scan("Subject: x\r\n\r\nX-Outpost-Campaign: in-the-body\r\n", 2).campaign()).isNull();
  }

  @Test
  void theFromFieldIsStillCapturedAroundTheCampaign() {
    HeaderScanner s = scan("From: a@example.com\r\nX-Outpost-Campaign: c1\r\nFrom: b@example.com\r\n\r\n", 3);
    assertThat(s.fromValue()).isEqualTo(" a@example.com, b@example.com");
    assertThat(s.fromFieldCount()).isEqualTo(2);
    assertThat(s.campaign()).isEqualTo("c1");
  }

  @Test
  void notesTheSendersOwnUnsubscribeFieldsButNotTheirNearNamesOrTheBody() {
    HeaderScanner own = scan("list-unsubscribe: <https://x.example/u>\r\nFEEDBACK-ID: a:b\r\n\r\nbody", 3);
    assertThat(own.hasListUnsubscribe()).isTrue();
    assertThat(own.hasFeedbackId()).isTrue();

    HeaderScanner near = scan("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\nX-Feedback-ID: a\r\n\r\n"
        + "List-Unsubscribe: <mailto:x@example.com>\r\n", 4);
    assertThat(near.hasListUnsubscribe()).isFalse();
    assertThat(near.hasFeedbackId()).isFalse();
  }
}
