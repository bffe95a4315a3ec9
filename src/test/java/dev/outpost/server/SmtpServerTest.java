package dev.outpost.server;

import static dev.outpost.server.RunningOutpost.assertReply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.RelayConfig;
import dev.outpost.smtp.Replies;
import dev.outpost.testkit.ReceivedMessage;
import dev.outpost.testkit.TranscriptClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transcripts against a real server on loopback, relaying to a real sink. */
class SmtpServerTest {
  @TempDir static Path dataDir;
  static RunningOutpost server;

  @BeforeAll
  static void start() throws Exception {
    server = RunningOutpost.start(dataDir, c -> c.withSmtp(c.smtp().withMaxMessageSize(20_000)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void relaysAMessageAndAddsTraceHeaders() throws Exception {
    try (TranscriptClient c = server.greeted()) {
      c.send("MAIL FROM:<app@sender.test>");
      assertReply(c.read(), Replies.SENDER_OK);
      c.send("RCPT TO:<reader@example.test>");
      assertReply(c.read(), Replies.RECIPIENT_OK);
      c.send("DATA");
      assertReply(c.read(), Replies.START_DATA);
      c.sendRaw("Subject: hello relay-1\r\n\r\nfirst line\r\n..dotted line\r\n.\r\n");
      TranscriptClient.Response queued = c.expectCode(250);
      assertThat(queued.text()).startsWith("2.0.0 Ok: queued as ");
      String queueId = queued.text().substring("2.0.0 Ok: queued as ".length());
      c.send("QUIT");
      assertReply(c.read(), Replies.closing("outpost.test"));

      ReceivedMessage m = awaitSubject("relay-1");
      assertThat(m.sender()).isEqualTo("app@sender.test");
      assertThat(m.recipients()).containsExactly("reader@example.test");
      String data = m.dataAsString();
      assertThat(data).startsWith("Received: from client.test ([127.0.0.1])\r\n\tby outpost.test (Outpost) with ESMTP id " + queueId);
      assertThat(data).contains("Message-ID: <" + queueId + "@outpost.test>\r\n", "\r\nDate: ");
      assertThat(data).endsWith("Subject: hello relay-1\r\n\r\nfirst line\r\n.dotted line\r\n");
    }
  }

  @Test
  void pipelinedCommandsAreAnsweredInOrder() throws Exception {
    try (TranscriptClient c = server.greeted()) {
      c.sendRaw("MAIL FROM:<app@sender.test>\r\nRCPT TO:<a@example.test>\r\nRCPT TO:<b@example.test>\r\n"
          + "RCPT TO:<bad@>\r\nDATA\r\n");
      assertReply(c.read(), Replies.SENDER_OK);
      assertReply(c.read(), Replies.RECIPIENT_OK);
      assertReply(c.read(), Replies.RECIPIENT_OK);
      c.expectCode(501);
      assertReply(c.read(), Replies.START_DATA);
      c.sendRaw("Subject: pipelined\r\n\r\nbody\r\n.\r\nNOOP\r\nQUIT\r\n");
      c.expectCode(250);
      assertReply(c.read(), Replies.NOOP_OK);
      assertReply(c.read(), Replies.closing("outpost.test"));
    }
    assertThat(awaitSubject("pipelined").recipients()).containsExactly("a@example.test", "b@example.test");
  }

  @Test
  void keepsMessageIdAndDateWhenPresent() throws Exception {
    try (TranscriptClient c = server.greeted()) {
      c.sendRaw("MAIL FROM:<app@sender.test>\r\nRCPT TO:<a@example.test>\r\nDATA\r\n");
      c.expectCode(250);
      c.expectCode(250);
      c.expectCode(354);
      c.sendRaw("Message-Id: <mine@sender.test>\r\nDATE: Thu, 1 Jan 2026 00:00:00 +0000\r\nSubject: own-ids\r\n\r\nx\r\n.\r\n");
      c.expectCode(250);
    }
    String data = awaitSubject("own-ids").dataAsString();
    assertThat(data).doesNotContain("Message-ID: <").doesNotContain("\r\nDate: ");
  }

  @Test
  void dsnRequestsArePassedToTheNextHop() throws Exception {
    try (TranscriptClient c = server.greeted()) {
      c.sendRaw("MAIL FROM:<app@sender.test> RET=HDRS ENVID=campaign+2B7\r\n"
          + "RCPT TO:<dsn@example.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;list+2Bdsn@example.test\r\nDATA\r\n");
      c.expectCode(250);
      c.expectCode(250);
      c.expectCode(354);
      c.sendRaw("Subject: dsn-params\r\n\r\nx\r\n.\r\n");
      c.expectCode(250);
    }
    awaitSubject("dsn-params");
    assertThat(server.sink.commands()).anyMatch(l -> l.startsWith("MAIL FROM:<app@sender.test>")
        && l.contains(" RET=HDRS") && l.contains(" ENVID=campaign+2B7"));
    assertThat(server.sink.commands())
        .contains("RCPT TO:<dsn@example.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;list+2Bdsn@example.test");
  }

  @Test
  void bodyTypeFollowsTheContentNotTheDeclaration() throws Exception {
    try (TranscriptClient c = server.greeted()) {
      c.sendRaw("MAIL FROM:<app@sender.test> BODY=8BITMIME\r\nRCPT TO:<seven@example.test>\r\nDATA\r\n");
      c.expectCode(250);
      c.expectCode(250);
      c.expectCode(354);
      c.sendRaw("Subject: seven-bit\r\n\r\nplain ascii\r\n.\r\n");
      c.expectCode(250);
      c.sendRaw("MAIL FROM:<app@sender.test> BODY=8BITMIME\r\nRCPT TO:<eight@example.test>\r\nDATA\r\n");
      c.expectCode(250);
      c.expectCode(250);
      c.expectCode(354);
      c.sendBytes("Subject: eight-bit\r\n\r\ncaf\u00e9\r\n.\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      c.expectCode(250);
    }
    awaitSubject("seven-bit");
    awaitSubject("eight-bit");
    List<String> commands = server.sink.commands();
    assertThat(commands).anyMatch(l -> l.startsWith("MAIL FROM:<app@sender.test>") && l.contains("BODY=8BITMIME"));
    int seven = commands.indexOf("RCPT TO:<seven@example.test>");
    assertThat(commands.get(seven - 1)).doesNotContain("BODY=");
  }

  @Test
  void commandThatIsNotUtf8Gets500() throws Exception {
    try (TranscriptClient c = server.greeted()) {
      c.sendBytes(new byte[] {'M', 'A', 'I', 'L', ' ', 'F', 'R', 'O', 'M', ':', '<', (byte) 0xC3, '(', '@', 'b', '>', '\r', '\n'});
      assertReply(c.read(), Replies.NOT_UTF8);
    }
  }

  @Test
  void tooManyRecipientsGet452OverTheWire() throws Exception {
    try (RunningOutpost few = RunningOutpost.start(dataDir.resolve("few"), c -> c.withSmtp(c.smtp().withMaxRecipients(100)));
        TranscriptClient c = few.greeted()) {
      StringBuilder pipeline = new StringBuilder("MAIL FROM:<app@sender.test>\r\n");
      for (int i = 0; i <= 100; i++) pipeline.append("RCPT TO:<r").append(i).append("@example.test>\r\n");
      c.sendRaw(pipeline.toString());
      assertReply(c.read(), Replies.SENDER_OK);
      for (int i = 0; i < 100; i++) assertReply(c.read(), Replies.RECIPIENT_OK);
      assertReply(c.read(), Replies.TOO_MANY_RECIPIENTS);
    }
  }

  @Test
  void clientStallingInDataIsTimedOut() throws Exception {
    try (RunningOutpost quick = RunningOutpost.start(dataDir.resolve("stall"),
        c -> c.withSmtp(c.smtp().withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300))));
        TranscriptClient c = quick.greeted()) {
      c.sendRaw("MAIL FROM:<app@sender.test>\r\nRCPT TO:<a@example.test>\r\nDATA\r\n");
      c.expectCode(250);
      c.expectCode(250);
      c.expectCode(354);
      c.sendRaw("Subject: stalled\r\n\r\npart of a body");
      assertReply(c.read(), Replies.TIMEOUT);
      assertThat(c.isClosedByServer()).isTrue();
    }
    assertThat(server.sink.messages()).noneMatch(m -> m.dataAsString().contains("Subject: stalled"));
  }

  @Test
  void overlongLineGets500AndTheSessionGoesOn() throws Exception {
    try (TranscriptClient c = server.greeted()) {
      c.send("NOOP " + "x".repeat(600));
      assertReply(c.read(), Replies.LINE_TOO_LONG);
      c.send("NOOP");
      assertReply(c.read(), Replies.NOOP_OK);
    }
  }

  @Test
  void oversizedMessageIsReadToTheEndThen552() throws Exception {
    try (TranscriptClient c = server.greeted()) {
      c.sendRaw("MAIL FROM:<app@sender.test>\r\nRCPT TO:<a@example.test>\r\nDATA\r\n");
      c.expectCode(250);
      c.expectCode(250);
      c.expectCode(354);
      c.sendRaw("Subject: too-big\r\n\r\n" + ("y".repeat(998) + "\r\n").repeat(30) + ".\r\n");
      assertReply(c.read(), Replies.messageTooBig(20_000));
      c.send("NOOP");
      assertReply(c.read(), Replies.NOOP_OK);
    }
  }

  @Test
  void bdatChunksMakeOneMessage() throws Exception {
    try (TranscriptClient c = server.greeted()) {
      c.sendRaw("MAIL FROM:<app@sender.test>\r\nRCPT TO:<a@example.test>\r\n");
      c.expectCode(250);
      c.expectCode(250);
      String first = "Subject: chunked\r\n\r\n";
      String second = ".starts with a dot\r\n";
      c.sendRaw("BDAT " + first.length() + "\r\n" + first + "BDAT " + second.length() + " LAST\r\n" + second);
      assertReply(c.read(), Replies.chunkReceived(first.length()));
      assertThat(c.expectCode(250).text()).startsWith("2.0.0 Ok: queued as ");
    }
    assertThat(awaitSubject("chunked").dataAsString()).endsWith("Subject: chunked\r\n\r\n.starts with a dot\r\n");
  }

  @Test
  void refusedBdatChunkIsSkippedWithoutLosingSync() throws Exception {
    try (TranscriptClient c = server.greeted()) {
      c.sendRaw("BDAT 14 LAST\r\nMAIL FROM:<>\r\n");
      assertReply(c.read(), Replies.NEED_MAIL);
      c.send("NOOP");
      assertReply(c.read(), Replies.NOOP_OK);
    }
  }

  @Test
  void clientThatTalksBeforeTheGreetingIsRefused() throws Exception {
    try (RunningOutpost strict = RunningOutpost.start(dataDir.resolve("strict"),
        c -> c.withRelay(new RelayConfig(List.of(), List.of("example.test"))));
        TranscriptClient c = strict.connect("local")) {
      c.send("EHLO too-early.test");
      assertReply(c.read(), Replies.TALKED_BEFORE_GREETING);
      assertThat(c.isClosedByServer()).isTrue();
    }
  }

  @Test
  void strangersCannotRelay() throws Exception {
    try (RunningOutpost strict = RunningOutpost.start(dataDir.resolve("norelay"),
        c -> c.withRelay(new RelayConfig(List.of(), List.of("example.test"))));
        TranscriptClient c = strict.connect("local")) {
      c.expectCode(220);
      c.send("EHLO stranger.test").expectCode(250);
      c.send("MAIL FROM:<x@stranger.test>");
      assertReply(c.read(), Replies.SENDER_OK);
      c.send("RCPT TO:<victim@elsewhere.test>");
      assertReply(c.read(), Replies.RELAY_DENIED);
      c.send("RCPT TO:<victim%elsewhere.test@example.test>");
      assertReply(c.read(), Replies.RECIPIENT_OK);
    }
  }

  @Test
  void perAddressConnectionLimit() throws Exception {
    try (RunningOutpost limited = RunningOutpost.start(dataDir.resolve("limited"),
        c -> c.withServer(c.server().withConnectionLimits(100, 2)).withRelay(new RelayConfig(List.of(), List.of()))
            .withSmtp(c.smtp().withGreetPause(Duration.ZERO)));
        TranscriptClient a = limited.connect("local")) {
      a.expectCode(220);
      try (TranscriptClient b = limited.connect("local")) {
        b.expectCode(220);
        try (TranscriptClient third = limited.connect("local")) {
          assertReply(third.read(), Replies.TOO_MANY_CONNECTIONS_FROM_IP);
          assertThat(third.isClosedByServer()).isTrue();
        }
      }
    }
  }

  @Test
  void trustedClientsAreExemptFromTheAddressLimit() throws Exception {
    try (RunningOutpost limited = RunningOutpost.start(dataDir.resolve("exempt"),
        c -> c.withServer(c.server().withConnectionLimits(100, 1)));
        TranscriptClient a = limited.connect("local");
        TranscriptClient b = limited.connect("local")) {
      a.expectCode(220);
      b.expectCode(220);
    }
  }

  @Test
  void connectionRateLimitPerAddress() throws Exception {
    try (RunningOutpost limited = RunningOutpost.start(dataDir.resolve("rate"),
        c -> c.withRelay(new RelayConfig(List.of(), List.of())).withAbuse(c.abuse().withConnectionRate(3)))) {
      for (int i = 0; i < 3; i++) {
        try (TranscriptClient c = limited.connect("local")) {
          c.expectCode(220);
        }
      }
      try (TranscriptClient fourth = limited.connect("local")) {
        assertReply(fourth.read(), Replies.CONNECTION_RATE_EXCEEDED);
      }
    }
  }

  @Test
  void slowlorisIsCutOffAtTheSessionLimit() throws Exception {
    try (RunningOutpost capped = RunningOutpost.start(dataDir.resolve("capped"),
        c -> c.withAbuse(c.abuse().withSessionLimits(100, Duration.ofSeconds(1), 3, Duration.ofSeconds(1))));
        TranscriptClient c = capped.greeted()) {
      long start = System.nanoTime();
      TranscriptClient.Response reply = null;
      for (int i = 0; i < 40 && reply == null; i++) {
        c.sendRaw("N");
        Thread.sleep(100);
        if (c.socket().getInputStream().available() > 0) reply = c.read();
      }
      if (reply == null) reply = c.read();
      assertReply(reply, Replies.SESSION_TOO_LONG);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void idleClientIsTimedOut() throws Exception {
    try (RunningOutpost quick = RunningOutpost.start(dataDir.resolve("quick"),
        c -> c.withSmtp(c.smtp().withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300))));
        TranscriptClient c = quick.connect("local")) {
      c.expectCode(220);
      assertReply(c.read(), Replies.TIMEOUT);
      assertThat(c.isClosedByServer()).isTrue();
    }
  }

  @Test
  void idleClientAfterStartTlsIsTimedOutWithA421OverTls() throws Exception {
    try (RunningOutpost quick = RunningOutpost.start(dataDir.resolve("quick-tls"),
        c -> c.withSmtp(c.smtp().withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500))));
        TranscriptClient c = quick.connect("submission")) {
      c.expectCode(220);
      c.send("EHLO idle.test").expectCode(250);
      c.send("STARTTLS").expectCode(220);
      c.startTls(TrustingClientTls.context());
      c.send("EHLO idle.test").expectCode(250);
      assertReply(c.read(), Replies.TIMEOUT);
      assertThat(c.isClosedByServer()).isTrue();
    }
  }

  @Test
  void aClientThatKeepsWithinTheTimeoutIsNeverCutOff() throws Exception {
    // Each command comes well inside the timeout, and the session lasts many watchdog ticks and
    // several timeouts in all: only an idle read may end it.
    try (RunningOutpost quick = RunningOutpost.start(dataDir.resolve("steady"),
        c -> c.withSmtp(c.smtp().withTimeouts(Duration.ofMillis(400), Duration.ofMillis(400))));
        TranscriptClient c = quick.connect("local")) {
      c.expectCode(220);
      c.send("EHLO steady.test").expectCode(250);
      for (int i = 0; i < 12; i++) {
        Thread.sleep(200);
        c.send("NOOP").expectCode(250);
      }
      c.send("QUIT").expectCode(221);
    }
  }

  static ReceivedMessage awaitSubject(String subject) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      for (ReceivedMessage m : server.sink.messages()) {
        if (m.dataAsString().contains("Subject: " + subject + "\r\n") || m.dataAsString().contains("Subject: hello " + subject + "\r\n")) {
          return m;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no message with subject " + subject + " reached the sink");
  }
}
