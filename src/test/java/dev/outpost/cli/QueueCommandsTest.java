package dev.outpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.server.RunningOutpost;
import dev.outpost.testkit.ReceivedMessage;
import dev.outpost.testkit.SinkBehaviour;
import dev.outpost.testkit.SinkStep;
import dev.outpost.testkit.TranscriptClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outpost queue} in-process through picocli, against a real running Outpost that relays to
 * a real sink. The sink defers at first, so that messages stay queued for the commands to act on.
 */
class QueueCommandsTest {
  private static final SinkBehaviour DEFERRING = SinkBehaviour.accepting().reply(SinkStep.RCPT, "451 4.3.0 try later");

  @TempDir Path dir;
  private CliRunner cli;
  private Path dataDir;
  private RunningOutpost server;

  @BeforeEach
  void start() throws IOException {
    dataDir = dir.resolve("data");
    cli = CliRunner.forDirectory(dir);
    server = RunningOutpost.start(dataDir);
    server.sink.behave(DEFERRING);
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  @Test
  void summaryListAndShowDescribeADeferredMessage() throws Exception {
    String id = submit("app@sender.test", "reader@example.test");
    awaitDeferral(id);

    assertThat(cli.run("queue")).isZero();
    assertThat(cli.out()).contains("DESTINATION").contains("127.0.0.1:" + server.sink.port())
        .contains("deferred").contains("451 4.3.0 try later");
    assertThat(cli.out().lines().skip(1).findFirst().orElseThrow()).matches(".*\\s1\\s.*");

    assertThat(cli.run("queue", "list", "--domain", "EXAMPLE.test")).isZero();
    assertThat(cli.out()).contains(id).contains("<app@sender.test>").contains("1/1").contains("451 4.3.0 try later");
    assertThat(cli.run("queue", "list", "--domain", "other.test")).isZero();
    assertThat(cli.out()).isEqualTo("no queued messages\n");

    assertThat(cli.run("queue", "show", id)).isZero();
    assertThat(cli.out()).contains("queue id:      " + id).contains("state:         deferred")
        .contains("account:       -, campaign spring-sale")
        .contains("reader@example.test  pending, 1 attempt, last reply: 451 4.3.0 try later")
        .contains("headers added by Outpost:").contains("  Received: from client.test");
  }

  @Test
  void aHeldMessageIsNotDeliveredEvenWhenDueUntilReleased() throws Exception {
    String id = submit("app@sender.test", "reader@example.test");
    awaitDeferral(id);
    server.sink.behave(SinkBehaviour.accepting());

    assertThat(cli.run("queue", "hold", id)).isZero();
    assertThat(cli.out()).isEqualTo("held: 1 message\n");
    assertThat(cli.run("queue", "retry", "--all")).isZero();
    assertThat(cli.out()).isEqualTo("left alone: 1 message, on hold (release it first)\n");
    Thread.sleep(1_000);
    assertThat(server.sink.messages()).isEmpty();
    assertThat(cli.run("queue", "list")).isZero();
    assertThat(cli.out()).contains(id).contains("held");

    assertThat(cli.run("queue", "release", id)).isZero();
    assertThat(cli.out()).isEqualTo("released: 1 message\n");
    assertThat(cli.run("queue", "retry", id)).isZero();
    assertThat(cli.out()).isEqualTo("due now: 1 message\n");
    assertThat(server.sink.awaitMessages(1, Duration.ofSeconds(10))).singleElement()
        .extracting(ReceivedMessage::recipients).isEqualTo(List.of("reader@example.test"));
    await("the queue to empty", () -> cli.run("queue") == 0 && cli.out().equals("the queue is empty\n"));
  }

  @Test
  void aHoldSurvivesARestart() throws Exception {
    String id = submit("app@sender.test", "reader@example.test");
    awaitDeferral(id);
    assertThat(cli.run("queue", "hold", "--domain", "example.test")).isZero();
    assertThat(cli.out()).isEqualTo("held: 1 message\n");
    server.close();
    server = null;
    assertThat(cli.run("queue")).isEqualTo(1);
    assertThat(cli.err()).contains("the server is not running");

    server = RunningOutpost.start(dataDir);
    assertThat(cli.run("queue", "retry", "--all")).isZero();
    Thread.sleep(1_000);
    assertThat(server.sink.messages()).isEmpty();
    assertThat(cli.run("queue", "show", id)).isZero();
    assertThat(cli.out()).contains("state:         held");

    assertThat(cli.run("queue", "release", "--domain", "example.test")).isZero();
    assertThat(cli.run("queue", "retry", id)).isZero();
    assertThat(server.sink.awaitMessages(1, Duration.ofSeconds(10))).hasSize(1);
  }

  @Test
  void deleteWithBounceSendsTheSenderAFailureDsn() throws Exception {
    server.sink.behave(SinkBehaviour.accepting().replyTo("reader@example.test", "451 4.3.0 try later"));
    String id = submit("app@sender.test", "reader@example.test");
    awaitDeferral(id);

    assertThat(cli.run("queue", "delete", id, "--bounce")).isZero();
    assertThat(cli.out()).isEqualTo("deleted with a bounce: 1 message\n");

    ReceivedMessage dsn = server.sink.awaitMessages(1, Duration.ofSeconds(10)).getFirst();
    assertThat(dsn.sender()).isEmpty();
    assertThat(dsn.recipients()).containsExactly("app@sender.test");
    assertThat(dsn.dataAsString()).contains("multipart/report").contains("Final-Recipient: rfc822;reader@example.test")
        .contains("Action: failed").contains("deleted by the operator");
    assertThat(cli.run("queue", "show", id)).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("outpost: no message " + id + " in the queue\n");
  }

  @Test
  void deleteWithoutBounceTellsNobody() throws Exception {
    server.sink.behave(SinkBehaviour.accepting().replyTo("reader@example.test", "451 4.3.0 try later"));
    String id = submit("app@sender.test", "reader@example.test");
    awaitDeferral(id);

    assertThat(cli.run("queue", "delete", "--domain", "example.test")).isZero();
    assertThat(cli.out()).isEqualTo("deleted: 1 message\n");
    Thread.sleep(500);
    assertThat(server.sink.messages()).isEmpty();
    assertThat(cli.run("queue")).isZero();
    assertThat(cli.out()).isEqualTo("the queue is empty\n");
  }

  @Test
  void retryMakesADeferredMessageDueNow() throws Exception {
    String id = submit("app@sender.test", "reader@example.test");
    awaitDeferral(id);
    server.sink.behave(SinkBehaviour.accepting());

    assertThat(cli.run("queue", "retry", "--domain", "example.test")).isZero();
    assertThat(cli.out()).isEqualTo("due now: 1 message\n");
    assertThat(server.sink.awaitMessages(1, Duration.ofSeconds(10))).hasSize(1);
  }

  @Test
  void mistakesAreNamed() {
    assertThat(cli.run("queue", "show", "NOSUCHID")).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("outpost: no message NOSUCHID in the queue\n");
    assertThat(cli.run("queue", "retry")).isEqualTo(2);
    assertThat(cli.err()).contains("name exactly one of ID, --domain DOMAIN or --all");
    assertThat(cli.run("queue", "hold", "X", "--domain", "example.test")).isEqualTo(2);
    assertThat(cli.run("queue", "list", "--limit", "0")).isEqualTo(2);
  }

  @Test
  void limitsShowOpenConnectionsAndAccountUsage() throws Exception {
    assertThat(cli.run("account", "add", "acme", "--max-per-hour", "500")).isZero();
    try (TranscriptClient open = server.greeted()) {
      assertThat(cli.run("limits")).isZero();
      assertThat(cli.out()).contains("connections: 1 open of ").contains("  127.0.0.1: 1 open")
          .contains("AUTH blocked: none")
          .contains("account acme: per hour 0/500, per day 0/unlimited, per month 0/unlimited,");
    }
  }

  private String submit(String sender, String recipient) throws IOException {
    try (TranscriptClient c = server.greeted()) {
      c.send("MAIL FROM:<" + sender + ">").expectCode(250);
      c.send("RCPT TO:<" + recipient + ">").expectCode(250);
      c.send("DATA").expectCode(354);
      c.sendRaw("X-Outpost-Campaign: spring-sale\r\nSubject: queued\r\n\r\nbody\r\n.\r\n");
      String text = c.expectCode(250).text();
      c.send("QUIT");
      return text.substring(text.lastIndexOf(' ') + 1);
    }
  }

  private void awaitDeferral(String id) throws InterruptedException {
    await("the first deferral of " + id,
        () -> cli.run("queue", "list") == 0 && cli.out().contains(id) && cli.out().contains("451"));
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed cli.out() waiting for " + what);
      Thread.sleep(50);
    }
  }
}
