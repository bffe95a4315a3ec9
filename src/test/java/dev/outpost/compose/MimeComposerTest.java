package dev.outpost.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MimeComposerTest {

  @Test
  void everyKindOfLineEndBecomesCrlf() {
    assertThat(MimeComposer.crlf("a\nb\r\nc\rd\n\n")).isEqualTo("a\r\nb\r\nc\r\nd\r\n\r\n");
    String already = "a\r\nb\r\n";
    assertThat(MimeComposer.crlf(already)).isSameAs(already);
  }

  @Test
  void theMessageIsSevenBitWithCrlfLineEndsAndNoMessageId() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Note", "Grüße");
    Draft draft = new Draft(MailAddress.parse("Zoë <z@acme.test>", "from"),
        List.of(MailAddress.parse("a@x.test", "to")), List.of(), null, "Ünïcode subject",
        "line one\nline two — dash\n", "<p>ü</p>", headers, List.of(), "c1");

    byte[] message = MimeComposer.compose(draft);

    String text = new String(message, StandardCharsets.US_ASCII);
    for (byte b : message) assertThat(b).isNotNegative();
    assertThat(text.replace("\r\n", "")).doesNotContain("\r", "\n");
    assertThat(text).contains("From: =?UTF-8?Q?Zo=C3=AB?= <z@acme.test>\r\n", "X-Outpost-Campaign: c1\r\n",
        "X-Note: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n", "multipart/alternative");
    assertThat(text).doesNotContain("Message-ID", "Bcc");
  }
}
