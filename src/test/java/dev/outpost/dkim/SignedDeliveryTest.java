package dev.outpost.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.server.RunningOutpost;
import dev.outpost.testkit.ReceivedMessage;
import dev.outpost.testkit.TranscriptClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Outpost signs what it relays, and dkimpy, which shares no code with it, verifies what the
 * sink received against the published records.
 */
class SignedDeliveryTest {
  @TempDir Path dataDir;
  private Map<String, String> dns;

  @BeforeEach
  void keys() throws Exception {
    Dkimpy.require();
    DkimKeyStore store = new DkimKeyStore(dataDir);
    DkimKey rsa = store.generate("shop.example", "s2025", DkimAlgorithm.RSA, 2048).key();
    DkimKey ed = store.generate("shop.example", "e2025", DkimAlgorithm.ED25519, 0).key();
    dns = Map.of(rsa.recordName().replaceAll("\\.$", ""), rsa.recordText(),
        ed.recordName().replaceAll("\\.$", ""), ed.recordText());
  }

  @Test
  void rsaAndEd25519SignaturesVerifyAndATamperedBodyFails() throws Exception {
    byte[] data = relay("""
        From: "Shop News" <news@Shop.Example>
        To: reader@elsewhere.test
        Subject: Autumn   sale,
         folded onto a second line
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8
        List-Unsubscribe: <mailto:unsub@shop.example?subject=u1>, <https://shop.example/u/1>
        List-Unsubscribe-Post: List-Unsubscribe=One-Click
        Feedback-ID: autumn:newsletter:shop

        Dear reader,\t\t
        ..a line that began with a dot, and trailing space   

        """ + "x".repeat(900) + "\n\n\n");
    String text = new String(data, StandardCharsets.UTF_8);

    assertThat(text).startsWith("DKIM-Signature: v=1; a=rsa-sha256;");
    assertThat(text).contains("DKIM-Signature: v=1; a=ed25519-sha256;");
    assertThat(text.lines().filter(l -> !l.isEmpty()).mapToInt(String::length).max().orElseThrow())
        .isLessThanOrEqualTo(998);
    String signatures = text.substring(0, text.indexOf("Received:"));
    assertThat(signatures.lines()).allMatch(l -> l.length() <= 78);
    assertThat(signatures.replaceAll("\r\n ", "")).contains("h=from:from:to:subject:date:message-id:"
        + "mime-version:content-type:list-unsubscribe:list-unsubscribe-post:feedback-id;");
    assertThat(Dkimpy.verify(data, dns)).containsExactly("pass", "pass");

    byte[] tampered = text.replace("Dear reader", "Dear customer").getBytes(StandardCharsets.UTF_8);
    assertThat(Dkimpy.verify(tampered, dns)).containsExactly("fail", "fail");
  }

  @Test
  void aFromFieldAddedAfterSigningBreaksTheSignature() throws Exception {
    String text = new String(relay("From: news@shop.example\nSubject: hi\n\nbody\n"), StandardCharsets.UTF_8);

    assertThat(Dkimpy.verify(text.getBytes(StandardCharsets.UTF_8), dns)).containsExactly("pass", "pass");
    String added = text.replace("Subject: hi", "From: ceo@bank.example\r\nSubject: hi");
    assertThat(Dkimpy.verify(added.getBytes(StandardCharsets.UTF_8), dns)).containsExactly("fail", "fail");
  }

  @Test
  void mailFromADomainWithoutKeysIsNotSigned() throws Exception {
    String text = new String(relay("From: someone@other.example\nSubject: hi\n\nbody\n"), StandardCharsets.UTF_8);

    assertThat(text).startsWith("Received:").doesNotContain("DKIM-Signature");
  }

  /** Relays one message through the trusted listener and returns what the sink received. */
  private byte[] relay(String message) throws Exception {
    try (RunningOutpost server = RunningOutpost.start(dataDir); TranscriptClient client = server.greeted()) {
      client.send("MAIL FROM:<news@shop.example>").expectCode(250);
      client.send("RCPT TO:<reader@elsewhere.test>").expectCode(250);
      client.send("DATA").expectCode(354);
      client.sendRaw(message.replace("\n", "\r\n") + ".\r\n").expectCode(250);
      client.send("QUIT");
      List<ReceivedMessage> received = server.sink.awaitMessages(1, Duration.ofSeconds(20));
      return received.get(0).data();
    }
  }
}
