package dev.outpost.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.config.HostPort;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import dev.outpost.testkit.ReceivedMessage;
import dev.outpost.testkit.SinkBehaviour;
import dev.outpost.testkit.SinkStep;
import dev.outpost.testkit.SmtpSink;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmtpClientConnectionTest {
  private static final String PREFIX = "Received: by outpost.test\r\n";
  private static final String BODY = "Subject: hi\r\n\r\nHello\r\n";
  private static final Duration WAIT = Duration.ofSeconds(5);

  private SmtpSink sink;
  private SmtpClientConnection connection;

  @AfterEach
  void tearDown() {
    if (connection != null) connection.close();
    if (sink != null) sink.close();
  }

  private SmtpClientConnection connect(SinkBehaviour behaviour) throws Exception {
    return connect(behaviour, settings(100));
  }

  private SmtpClientConnection connect(SinkBehaviour behaviour, ClientSettings settings) throws Exception {
    sink = SmtpSink.start(behaviour);
    connection = SmtpClientConnection.open(settings, new HostPort("127.0.0.1", sink.port()), null);
    return connection;
  }

  static ClientSettings settings(int recipientsPerTransaction) {
    Duration t = Duration.ofSeconds(2);
    return new ClientSettings("outpost.test", t, t, t, t, t, recipientsPerTransaction, TlsPolicy.OPPORTUNISTIC);
  }

  static OutboundMessage message(String body, String... recipients) {
    List<Recipient> rcpts = Arrays.stream(recipients).map(a -> Recipient.pending(a, Set.of(), null)).toList();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    boolean eightBit = body.chars().anyMatch(c -> c > 0x7f);
    Envelope envelope = new Envelope("Q1", "sender@example.com", rcpts, Instant.now(), "127.0.0.1", "client",
        false, eightBit ? Envelope.BodyType.EIGHT_BITMIME : Envelope.BodyType.SEVEN_BIT, null, null,
        PREFIX.getBytes(StandardCharsets.US_ASCII),
        bytes.length, Instant.now());
    return new OutboundMessage(envelope, rcpts, () -> new ByteArrayInputStream(bytes));
  }

  @Test
  void pipelinedTransactionWithSeveralRecipients() throws Exception {
    connect(SinkBehaviour.accepting());
    assertThat(connection.capabilities().pipelining()).isTrue();

    DeliveryReport report = connection.deliver(message(BODY, "a@x.test", "b@x.test", "c@x.test"));

    assertThat(report.outcomes()).allSatisfy(o -> assertThat(o).isInstanceOf(RecipientOutcome.Delivered.class));
    assertThat(report.outcomes().getFirst().detail()).startsWith("250 2.0.0 Ok: queued as");
    assertThat(report.connectionUsable()).isTrue();
    assertThat(report.relay()).isEqualTo("127.0.0.1[127.0.0.1]:" + sink.port());
    ReceivedMessage got = sink.awaitMessages(1, WAIT).getFirst();
    assertThat(got.sender()).isEqualTo("sender@example.com");
    assertThat(got.recipients()).containsExactly("a@x.test", "b@x.test", "c@x.test");
    assertThat(got.dataAsString()).isEqualTo(PREFIX + BODY);
    long size = PREFIX.length() + BODY.length();
    assertThat(got.mailParameters()).isEqualTo("SIZE=" + size);
    assertThat(sink.commands()).containsExactly("EHLO outpost.test", "MAIL FROM:<sender@example.com> SIZE="
        + size, "RCPT TO:<a@x.test>", "RCPT TO:<b@x.test>", "RCPT TO:<c@x.test>", "DATA");
  }

  @Test
  void messagesReuseTheConnectionWithoutRset() throws Exception {
    connect(SinkBehaviour.accepting());
    for (int i = 0; i < 5; i++) connection.deliver(message(BODY, "r" + i + "@x.test"));
    connection.close();

    assertThat(sink.awaitMessages(5, WAIT)).extracting(ReceivedMessage::connection).containsOnly(1);
    assertThat(sink.connectionCount()).isEqualTo(1);
    assertThat(sink.commands()).doesNotContain("RSET").endsWith("QUIT");
  }

  @Test
  void tooManyRecipientsKeepsTheRestForTheNextTransaction() throws Exception {
    connect(SinkBehaviour.accepting().maxRecipients(2));

    DeliveryReport report = connection.deliver(message(BODY, "a@x.test", "b@x.test", "c@x.test", "d@x.test", "e@x.test"));

    assertThat(report.outcomes()).allSatisfy(o -> assertThat(o).isInstanceOf(RecipientOutcome.Delivered.class));
    List<ReceivedMessage> got = sink.awaitMessages(3, WAIT);
    assertThat(got).extracting(ReceivedMessage::recipients).containsExactly(
        List.of("a@x.test", "b@x.test"), List.of("c@x.test", "d@x.test"), List.of("e@x.test"));
    assertThat(sink.connectionCount()).isEqualTo(1);
  }

  @Test
  void tooManyRecipientsWithoutPipeliningStopsSendingRcpt() throws Exception {
    connect(SinkBehaviour.accepting().maxRecipients(2).withoutPipelining());

    DeliveryReport report = connection.deliver(message(BODY, "a@x.test", "b@x.test", "c@x.test", "d@x.test", "e@x.test"));

    assertThat(report.outcomes()).allSatisfy(o -> assertThat(o).isInstanceOf(RecipientOutcome.Delivered.class));
    assertThat(sink.awaitMessages(3, WAIT)).hasSize(3);
    // a b c(452) / c d e(452) / e: each 452 costs one RCPT; untried recipients are not sent.
    assertThat(sink.commands().stream().filter(c -> c.startsWith("RCPT")).count()).isEqualTo(7);
  }

  @Test
  void recipientsPerTransactionSplitsTheMessage() throws Exception {
    connect(SinkBehaviour.accepting(), settings(2));

    connection.deliver(message(BODY, "a@x.test", "b@x.test", "c@x.test"));

    assertThat(sink.awaitMessages(2, WAIT)).extracting(ReceivedMessage::recipients)
        .containsExactly(List.of("a@x.test", "b@x.test"), List.of("c@x.test"));
  }

  @Test
  void eachRecipientGetsItsOwnRcptReply() throws Exception {
    connect(SinkBehaviour.accepting()
        .replyTo("busy@x.test", "450 4.2.1 mailbox busy")
        .replyTo("gone@x.test", "550 5.1.1 no such user"));

    DeliveryReport report = connection.deliver(message(BODY, "busy@x.test", "gone@x.test", "ok@x.test"));

    assertThat(report.outcomes()).containsExactly(
        new RecipientOutcome.Deferred("4.2.1", "450 4.2.1 mailbox busy"),
        new RecipientOutcome.Failed("5.1.1", "550 5.1.1 no such user"),
        report.outcomes().get(2));
    assertThat(report.outcomes().get(2)).isInstanceOf(RecipientOutcome.Delivered.class);
    assertThat(sink.awaitMessages(1, WAIT).getFirst().recipients()).containsExactly("ok@x.test");
  }

  @Test
  void transactionWithNoAcceptedRecipientIsResetBeforeTheNext() throws Exception {
    connect(SinkBehaviour.accepting().replyTo("gone@x.test", "550 5.1.1 no such user"));

    DeliveryReport first = connection.deliver(message(BODY, "gone@x.test"));
    DeliveryReport second = connection.deliver(message(BODY, "ok@x.test"));

    assertThat(first.outcomes().getFirst()).isInstanceOf(RecipientOutcome.Failed.class);
    assertThat(second.outcomes().getFirst()).isInstanceOf(RecipientOutcome.Delivered.class);
    List<String> commands = sink.commands();
    assertThat(commands.subList(commands.indexOf("RSET") + 1, commands.size()).getFirst()).startsWith("MAIL FROM");
    assertThat(commands.stream().filter("RSET"::equals).count()).isEqualTo(1);
  }

  @Test
  void finalReplyDecidesForAllAcceptedRecipients() throws Exception {
    connect(SinkBehaviour.accepting().reply(SinkStep.END_OF_DATA, "451 4.3.0 try later"));
    DeliveryReport deferred = connection.deliver(message(BODY, "a@x.test", "b@x.test"));
    assertThat(deferred.outcomes()).containsOnly(new RecipientOutcome.Deferred("4.3.0", "451 4.3.0 try later"));

    sink.behave(SinkBehaviour.accepting().reply(SinkStep.END_OF_DATA, "554 5.7.1 rejected as spam"));
    DeliveryReport failed = connection.deliver(message(BODY, "a@x.test", "b@x.test"));
    assertThat(failed.outcomes()).containsOnly(new RecipientOutcome.Failed("5.7.1", "554 5.7.1 rejected as spam"));
    assertThat(failed.connectionUsable()).isTrue();
  }

  @Test
  void rejectedDataDecidesForAllAcceptedRecipients() throws Exception {
    connect(SinkBehaviour.accepting().reply(SinkStep.DATA, "554 5.5.1 no data today"));
    DeliveryReport report = connection.deliver(message(BODY, "a@x.test"));
    assertThat(report.outcomes()).containsOnly(new RecipientOutcome.Failed("5.5.1", "554 5.5.1 no data today"));
  }

  @Test
  void greeting421FailsTheConnection() throws Exception {
    sink = SmtpSink.start(SinkBehaviour.accepting().reply(SinkStep.GREETING, "421 4.3.2 too busy"));
    assertThatThrownBy(() -> SmtpClientConnection.open(settings(100), new HostPort("127.0.0.1", sink.port()), null))
        .isInstanceOf(ConnectionFailedException.class)
        .hasMessage("host 127.0.0.1[127.0.0.1]:" + sink.port() + " refused to talk to me: 421 4.3.2 too busy")
        .satisfies(e -> assertThat(((ConnectionFailedException) e).dsn()).isEqualTo("4.3.2"));
  }

  @Test
  void refusedConnectIsReported() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(() -> SmtpClientConnection.open(settings(100), new HostPort("127.0.0.1", port), null))
        .isInstanceOf(ConnectionFailedException.class)
        .hasMessage("connect to 127.0.0.1[127.0.0.1]:" + port + " failed: Connection refused");
  }

  @Test
  void droppedConnectionDefersTheRecipients() throws Exception {
    connect(SinkBehaviour.accepting().dropAt(SinkStep.RCPT));

    DeliveryReport report = connection.deliver(message(BODY, "a@x.test", "b@x.test"));

    assertThat(report.connectionUsable()).isFalse();
    assertThat(report.outcomes()).allSatisfy(o -> {
      assertThat(o).isInstanceOf(RecipientOutcome.Deferred.class);
      assertThat(o.detail()).startsWith("lost connection with 127.0.0.1[127.0.0.1]:")
          .endsWith("while waiting for the reply to RCPT TO");
    });
  }

  @Test
  void stallAfterTheDotTimesOut() throws Exception {
    Duration t = Duration.ofSeconds(2);
    ClientSettings quick = new ClientSettings("outpost.test", t, t, t, t, Duration.ofMillis(300), 100,
        TlsPolicy.OPPORTUNISTIC);
    connect(SinkBehaviour.accepting().stallAt(SinkStep.END_OF_DATA), quick);

    DeliveryReport report = connection.deliver(message(BODY, "a@x.test"));

    assertThat(report.connectionUsable()).isFalse();
    assertThat(report.outcomes().getFirst()).isInstanceOf(RecipientOutcome.Deferred.class);
    assertThat(report.outcomes().getFirst().detail())
        .isEqualTo("timeout after 300ms with " + report.relay() + " while waiting for the reply to end of data");
  }

  @Test
  void stallAfterTheDotOverTlsTimesOutToo() throws Exception {
    // Under TLS the watchdog closes the plain socket beneath it, which ends the TLS read as well.
    Duration t = Duration.ofSeconds(2);
    ClientSettings quick = new ClientSettings("outpost.test", t, t, t, t, Duration.ofMillis(300), 100,
        TlsPolicy.OPPORTUNISTIC);
    connect(SinkBehaviour.accepting().withStartTls().stallAt(SinkStep.END_OF_DATA), quick);
    assertThat(connection.isTls()).isTrue();

    long started = System.nanoTime();
    DeliveryReport report = connection.deliver(message(BODY, "a@x.test"));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(report.connectionUsable()).isFalse();
    assertThat(report.outcomes().getFirst().detail())
        .isEqualTo("timeout after 300ms with " + report.relay() + " while waiting for the reply to end of data");
  }

  @Test
  void startTlsDiscardsBytesSentBeforeTheHandshake() throws Exception {
    connect(SinkBehaviour.accepting().withStartTls().injectAfterStartTls("250 INJECTED"));

    assertThat(connection.isTls()).isTrue();
    assertThat(connection.capabilities().pipelining()).isTrue();
    assertThat(connection.capabilities().startTls()).isFalse();
    assertThat(connection.capabilities().keywords()).doesNotContain("INJECTED");
    DeliveryReport report = connection.deliver(message(BODY, "a@x.test"));

    assertThat(report.outcomes().getFirst()).isInstanceOf(RecipientOutcome.Delivered.class);
    assertThat(sink.awaitMessages(1, WAIT).getFirst().tls()).isTrue();
    assertThat(sink.commands()).startsWith("EHLO outpost.test", "STARTTLS", "EHLO outpost.test");
  }

  @Test
  void linesStartingWithADotArriveIntact() throws Exception {
    connect(SinkBehaviour.accepting());
    String body = "Subject: dots\r\n\r\n.leading dot\r\n.\r\n..two\r\nend\r\n";

    connection.deliver(message(body, "a@x.test"));

    assertThat(sink.awaitMessages(1, WAIT).getFirst().dataAsString()).isEqualTo(PREFIX + body);
  }

  @Test
  void heloFallbackSendsOneCommandAtATime() throws Exception {
    connect(SinkBehaviour.accepting().reply(SinkStep.EHLO, "502 5.5.2 what is EHLO"));
    assertThat(connection.capabilities()).isEqualTo(Capabilities.NONE);

    DeliveryReport report = connection.deliver(message(BODY, "a@x.test", "b@x.test"));

    assertThat(report.outcomes()).allSatisfy(o -> assertThat(o).isInstanceOf(RecipientOutcome.Delivered.class));
    assertThat(sink.awaitMessages(1, WAIT).getFirst().mailParameters()).isEmpty();
    assertThat(sink.commands()).startsWith("EHLO outpost.test", "HELO outpost.test");
  }

  @Test
  void smtpUtf8MessageFailsWhereItIsNotOffered() throws Exception {
    connect(SinkBehaviour.accepting().withoutSmtpUtf8());

    DeliveryReport report = connection.deliver(message(BODY, "jürgen@x.test"));

    assertThat(report.outcomes().getFirst()).isInstanceOf(RecipientOutcome.Failed.class);
    assertThat(report.outcomes().getFirst().dsn()).isEqualTo("5.6.7");
    assertThat(report.outcomes().getFirst().detail()).contains("SMTPUTF8").contains("does not offer it");
    assertThat(report.connectionUsable()).isTrue();
  }

  @Test
  void eightBitMessageBouncesWhere8BitMimeIsNotOffered() throws Exception {
    connect(SinkBehaviour.accepting().withoutEightBitMime());

    DeliveryReport report = connection.deliver(message("Subject: caf\u00e9\r\n\r\nx\r\n", "x@x.test"));

    assertThat(report.outcomes().getFirst()).isInstanceOf(RecipientOutcome.Failed.class);
    assertThat(report.outcomes().getFirst().dsn()).isEqualTo("5.6.3");
    assertThat(report.outcomes().getFirst().detail()).contains("8-bit content").contains("does not offer 8BITMIME");
    assertThat(sink.messages()).isEmpty();
  }

  @Test
  void eightBitMessageIsDeclaredWhereOffered() throws Exception {
    connect(SinkBehaviour.accepting());
    connection.deliver(message("Subject: caf\u00e9\r\n\r\nx\r\n", "x@x.test"));
    assertThat(sink.awaitMessages(1, WAIT).getFirst().mailParameters()).contains("BODY=8BITMIME");
  }

  @Test
  void smtpUtf8IsRequestedWhenOffered() throws Exception {
    connect(SinkBehaviour.accepting());
    connection.deliver(message(BODY, "jürgen@x.test"));
    ReceivedMessage got = sink.awaitMessages(1, WAIT).getFirst();
    assertThat(got.mailParameters()).endsWith("SMTPUTF8");
    assertThat(got.recipients()).containsExactly("jürgen@x.test");
  }

  @Test
  void recipientWithLineBreakIsRefusedLocally() throws Exception {
    connect(SinkBehaviour.accepting());

    DeliveryReport report = connection.deliver(message(BODY, "evil@x.test>\r\nRSET", "ok@x.test"));

    assertThat(report.outcomes().getFirst()).isInstanceOf(RecipientOutcome.Failed.class);
    assertThat(report.outcomes().getFirst().detail()).contains("CR");
    assertThat(report.outcomes().get(1)).isInstanceOf(RecipientOutcome.Delivered.class);
    assertThat(sink.commands()).doesNotContain("RSET");
  }
}
