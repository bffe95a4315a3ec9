package dev.outpost.security;

import static dev.outpost.server.RunningOutpost.assertReply;

import dev.outpost.server.RunningOutpost;
import dev.outpost.server.TrustingClientTls;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.smtp.Replies;
import dev.outpost.testkit.TranscriptClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SMTP smuggling (the published end-of-data variants) and STARTTLS command injection
 * (CVE-2011-0411), each tried against a real server; nothing smuggled may reach the sink.
 */
class SmugglingTest {
  @TempDir static Path dataDir;
  static RunningOutpost server;

  @BeforeAll
  static void start() throws Exception {
    server = RunningOutpost.start(dataDir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"\\n.\\n", "\\n.\\r\\n", "\\r\\n.\\n", "\\r.\\r", "\\r\\n.\\r", "\\r.\\r\\n", "\\n.\\r",
      "\\r.\\n", "\\r\\n\\x00.\\r\\n"})
  void smuggledEndOfDataNeverEndsTheMessage(String escaped) throws Exception {
    String sequence = escaped.replace("\\r", "\r").replace("\\n", "\n").replace("\\x00", "\0");
    String tag = Integer.toHexString(escaped.hashCode());
    try (TranscriptClient c = server.greeted()) {
      c.sendRaw("MAIL FROM:<app@sender.test>\r\nRCPT TO:<a@example.test>\r\nDATA\r\n");
      c.expectCode(250);
      c.expectCode(250);
      c.expectCode(354);
      c.sendRaw("Subject: carrier-" + tag + "\r\n\r\nhello" + sequence
          + "MAIL FROM:<evil@sender.test>\r\nRCPT TO:<victim@example.test>\r\nDATA\r\n"
          + "Subject: smuggled-" + tag + "\r\n\r\nevil\r\n.\r\n");
      TranscriptClient.Response reply = c.read();
      c.send("NOOP");
      assertReply(c.read(), Replies.NOOP_OK);
      if (sequence.indexOf('\0') >= 0) {
        assertThat(reply.code()).as("a NUL is not a line break; the message is fine").isEqualTo(250);
      } else {
        assertReply(reply, Replies.BARE_NEWLINE);
      }
    }
    Thread.sleep(200);
    assertThat(server.sink.messages()).noneMatch(m -> m.sender().equals("evil@sender.test"));
    assertThat(server.sink.messages()).noneMatch(m -> m.recipients().contains("victim@example.test"));
  }

  @Test
  void plaintextPipelinedAfterStartTlsIsDiscarded() throws Exception {
    try (TranscriptClient c = server.connect("submission")) {
      c.expectCode(220);
      c.send("EHLO client.test").expectCode(250);
      c.sendRaw("STARTTLS\r\nMAIL FROM:<injected@sender.test>\r\n");
      assertReply(c.read(), Replies.READY_FOR_TLS);
      c.startTls(TrustingClientTls.context());
      c.send("EHLO client.test");
      TranscriptClient.Response ehlo = c.expectCode(250);
      assertThat(ehlo.lines().get(0)).contains("greets client.test");
      assertThat(ehlo.lines()).noneMatch(l -> l.contains("STARTTLS"));
      c.send("RCPT TO:<a@example.test>");
      assertReply(c.read(), Replies.NEED_MAIL);
    }
  }

  @Test
  void stateFromBeforeTlsIsForgotten() throws Exception {
    try (TranscriptClient c = server.connect("submission")) {
      c.expectCode(220);
      c.send("EHLO client.test").expectCode(250);
      c.send("STARTTLS");
      assertReply(c.read(), Replies.READY_FOR_TLS);
      c.startTls(TrustingClientTls.context());
      c.send("MAIL FROM:<app@sender.test>");
      assertReply(c.read(), Replies.HELO_FIRST);
    }
  }

  @Test
  void plainListenerDoesNotOfferStartTls() throws Exception {
    try (TranscriptClient c = server.greeted()) {
      c.send("STARTTLS");
      assertReply(c.read(), Replies.TLS_NOT_AVAILABLE);
    }
  }
}
