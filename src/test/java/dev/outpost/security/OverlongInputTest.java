package dev.outpost.security;

import static dev.outpost.server.RunningOutpost.assertReply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.server.RunningOutpost;
import dev.outpost.smtp.Replies;
import dev.outpost.testkit.TranscriptClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Over-long lines and commands: refused with the catalog's reply, memory stays bounded, the session goes on. */
class OverlongInputTest {
  @TempDir static Path dataDir;
  static RunningOutpost server;

  @BeforeAll
  static void start() throws Exception {
    server = RunningOutpost.start(dataDir, c -> c.withAbuse(
        c.abuse().withSessionLimits(100, Duration.ofHours(1), 3, Duration.ofMillis(20))));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void commandOf513OctetsIsRefusedAnd512Accepted() throws Exception {
    try (TranscriptClient c = server.greeted()) {
      c.send("NOOP " + "x".repeat(512 - 7));
      assertReply(c.read(), Replies.NOOP_OK);
      c.send("NOOP " + "x".repeat(513 - 7));
      assertReply(c.read(), Replies.LINE_TOO_LONG);
    }
  }

  @Test
  void aMegabyteWithoutALineEndIsSkippedNotBuffered() throws Exception {
    try (TranscriptClient c = server.greeted()) {
      byte[] junk = new byte[1024 * 1024];
      java.util.Arrays.fill(junk, (byte) 'A');
      c.sendBytes(junk);
      c.sendRaw("\r\nNOOP\r\n");
      assertReply(c.read(), Replies.LINE_TOO_LONG);
      assertReply(c.read(), Replies.NOOP_OK);
    }
  }

  @Test
  void overlongAddressAndParameters() throws Exception {
    try (TranscriptClient c = server.greeted()) {
      c.send("MAIL FROM:<" + "a".repeat(65) + "@sender.test>");
      assertThat(c.read().code()).isEqualTo(501);
      c.send("MAIL FROM:<app@sender.test> ENVID=" + "x".repeat(101));
      assertThat(c.read().code()).isEqualTo(501);
      c.send("EHLO " + "h".repeat(600));
      assertReply(c.read(), Replies.LINE_TOO_LONG);
    }
  }

  @Test
  void aFloodOfBadCommandsEndsTheSession() throws Exception {
    try (TranscriptClient c = server.greeted()) {
      StringBuilder flood = new StringBuilder();
      for (int i = 0; i < 25; i++) flood.append("XYZZY\r\n");
      c.sendRaw(flood.toString());
      TranscriptClient.Response last = null;
      for (int i = 0; i < 21; i++) last = c.read();
      assertReply(last, Replies.TOO_MANY_ERRORS);
      assertThat(c.isClosedByServer()).isTrue();
    }
  }
}
