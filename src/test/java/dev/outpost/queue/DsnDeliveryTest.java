package dev.outpost.queue;

import static dev.outpost.queue.QueueTestKit.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.DeliveryConfig;
import dev.outpost.config.OutpostConfig;
import dev.outpost.config.RouteConfig;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient.DsnNotify;
import dev.outpost.spool.Recipient;
import dev.outpost.spool.Spool;
import dev.outpost.testkit.ManualClock;
import dev.outpost.testkit.ReceivedMessage;
import dev.outpost.testkit.SinkBehaviour;
import dev.outpost.testkit.SmtpSink;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** DSNs end to end: the queue delivers to a real sink, and the DSNs it causes arrive at the same sink. */
class DsnDeliveryTest {
  private static final String SENDER = "sender@example.com";
  private static final String BODY = "From: sender@example.com\r\nSubject: News\r\n\r\nHello.\r\n";

  @TempDir Path dir;
  @RegisterExtension final QueueTestKit kit = new QueueTestKit();
  private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
  private Spool spool;
  private SmtpSink sink;

  @BeforeEach
  void setUp() throws Exception {
    spool = kit.openSpool(dir);
    sink = kit.closing(SmtpSink.start());
    kit.captureMailLog();
  }

  private QueueManager startQueue(Duration delayWarning) throws Exception {
    Duration t = Duration.ofSeconds(2);
    DeliveryConfig delivery = DeliveryConfig.defaults()
        .withRetrySchedule(List.of(Duration.ofMinutes(5), Duration.ofMinutes(10)), Duration.ofDays(5))
        .withTimeouts(t, t, t, t, t, Duration.ofSeconds(2))
        .withDelayWarning(delayWarning);
    OutpostConfig base = OutpostConfig.defaults();
    OutpostConfig config = base.withServer(base.server().withHostname("outpost.test"))
        .withRoutes(List.of(new RouteConfig(List.of("*"), "127.0.0.1", sink.port())))
        .withDelivery(delivery);
    return kit.start(new QueueManager(config, spool, clock));
  }

  private Envelope send(QueueManager queue, String sender, Recipient... recipients) throws Exception {
    return send(queue, sender, clock.instant(), recipients);
  }

  private Envelope send(QueueManager queue, String sender, Instant receivedAt, Recipient... recipients)
      throws Exception {
    Envelope e = TestSpools.store(spool, sender, null, List.of(recipients), receivedAt, BODY);
    queue.enqueue(e);
    return e;
  }

  private static Recipient to(String address, DsnNotify... notify) {
    return Recipient.pending(address, Set.of(notify), null);
  }

  private List<ReceivedMessage> dsns() {
    return sink.messages().stream().filter(m -> m.sender().isEmpty()).toList();
  }

  private static MimeMessage parse(ReceivedMessage m) throws Exception {
    return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(m.data()));
  }

  private static String deliveryStatus(MimeMessage dsn) throws Exception {
    MimeMultipart parts = (MimeMultipart) dsn.getContent();
    return new String(parts.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
  }

  @Test
  void oneFailureDsnGoesToTheSenderFromTheNullSender() throws Exception {
    sink.behave(SinkBehaviour.accepting()
        .replyTo("gone@x.test", "550 5.1.1 The email account that you tried to reach does not exist.")
        .replyTo("gone2@y.test", "552 5.2.2 Mailbox full"));
    QueueManager queue = startQueue(Duration.ofHours(4));
    Envelope original = send(queue, SENDER, to("ok@x.test"), to("gone@x.test"), to("gone2@y.test"));

    await("the queue to empty", () -> queue.size() == 0);

    assertThat(dsns()).singleElement().satisfies(m -> {
      assertThat(m.recipients()).containsExactly(SENDER);
      MimeMessage dsn = parse(m);
      assertThat(dsn.getSubject()).isEqualTo("Undelivered Mail Returned to Sender");
      assertThat(dsn.getContentType()).startsWith("multipart/report; report-type=delivery-status;");
      assertThat(deliveryStatus(dsn)).contains("Final-Recipient: rfc822;gone@x.test\r\nAction: failed\r\nStatus: 5.1.1",
          "Final-Recipient: rfc822;gone2@y.test\r\nAction: failed\r\nStatus: 5.2.2",
          "Remote-MTA: dns; 127.0.0.1").doesNotContain("ok@x.test");
    });
    assertThat(sink.messages()).filteredOn(m -> m.sender().equals(SENDER)).singleElement()
        .satisfies(m -> assertThat(m.recipients()).containsExactly("ok@x.test"));
    assertThat(kit.mailLogLines()).anySatisfy(l -> assertThat(l)
        .contains("to=<gone@x.test>", "dsn=5.1.1, category=unknown_user",
            "status=bounced"));
    assertThat(kit.mailLogLines()).anySatisfy(l -> assertThat(l)
        .contains("to=<gone2@y.test>", "category=mailbox_full"));
    assertThat(kit.mailLogLines()).filteredOn(l -> l.contains("sender non-delivery notification"))
        .singleElement().satisfies(l -> assertThat(l).startsWith(original.queueId() + ": "));
  }

  @Test
  void noDsnForTheNullSenderOrNotifyNever() throws Exception {
    sink.behave(SinkBehaviour.accepting().replyTo("gone@x.test", "550 5.1.1 no such user"));
    QueueManager queue = startQueue(Duration.ofHours(4));
    send(queue, "", to("gone@x.test"));
    send(queue, SENDER, to("gone@x.test", DsnNotify.NEVER));
    send(queue, SENDER, to("gone@x.test", DsnNotify.SUCCESS, DsnNotify.DELAY));

    await("the queue to empty", () -> queue.size() == 0);

    assertThat(sink.messages()).isEmpty();
    assertThat(kit.mailLogLines()).filteredOn(l -> l.contains("status=bounced")).hasSize(3);
    assertThat(kit.mailLogLines()).noneMatch(l -> l.contains("notification"));
  }

  @Test
  void aDsnThatBouncesCausesNoFurtherDsn() throws Exception {
    sink.behave(SinkBehaviour.accepting()
        .replyTo("gone@x.test", "550 5.1.1 no such user")
        .replyTo(SENDER, "550 5.1.1 sender does not exist either"));
    QueueManager queue = startQueue(Duration.ofHours(4));
    send(queue, SENDER, to("gone@x.test"));

    await("the original and its DSN to leave the queue", () -> queue.size() == 0
        && kit.mailLogLines().stream().filter(l -> l.contains("status=bounced")).count() == 2);
    Thread.sleep(RetryTimer.MAX_SLEEP.toMillis() * 2);

    assertThat(sink.messages()).isEmpty();
    assertThat(queue.size()).isZero();
    assertThat(kit.mailLogLines()).filteredOn(l -> l.contains("notification")).hasSize(1);
    assertThat(kit.mailLogLines()).anySatisfy(l -> assertThat(l)
        .contains("from=<>", "to=<" + SENDER + ">", "status=bounced"));
  }

  @Test
  void delayDsnIsSentOnceAfterTheWarningTime() throws Exception {
    sink.behave(SinkBehaviour.accepting().replyTo("slow@x.test", "452 4.2.2 The recipient's inbox is out of storage"
        + " space."));
    QueueManager queue = startQueue(Duration.ofHours(1));
    Envelope original = send(queue, SENDER, to("slow@x.test"));

    kit.awaitAttempts(original.queueId(), 1);
    assertThat(dsns()).isEmpty();
    assertThat(kit.spooled(original.queueId()).delayWarningSentAt()).isNull();

    clock.advance(Duration.ofHours(1));
    kit.awaitAttempts(original.queueId(), 2);
    await("the delay DSN", () -> dsns().size() == 1);
    assertThat(kit.spooled(original.queueId()).delayWarningSentAt()).isEqualTo(clock.instant());
    MimeMessage dsn = parse(dsns().getFirst());
    assertThat(dsn.getSubject()).isEqualTo("Delayed Mail (still being retried)");
    assertThat(deliveryStatus(dsn)).contains("Final-Recipient: rfc822;slow@x.test\r\nAction: delayed\r\nStatus: 4.2.2",
        "Will-Retry-Until: Mon, 6 Jan 2025 00:00:00 +0000");

    clock.advance(Duration.ofMinutes(10));
    kit.awaitAttempts(original.queueId(), 3);
    Thread.sleep(RetryTimer.MAX_SLEEP.toMillis());
    assertThat(dsns()).hasSize(1);
    assertThat(kit.mailLogLines()).filteredOn(l -> l.contains("sender delay notification")).hasSize(1);
    assertThat(kit.mailLogLines()).anySatisfy(l -> assertThat(l).contains("category=mailbox_full", "status=deferred"));
  }

  @Test
  void delayWarningZeroSendsOnlyForAnExplicitNotifyDelay() throws Exception {
    sink.behave(SinkBehaviour.accepting().replyTo("slow@x.test", "451 4.3.0 try later")
        .replyTo("asked@x.test", "451 4.3.0 try later"));
    QueueManager queue = startQueue(Duration.ZERO);
    Envelope silent = send(queue, SENDER, to("slow@x.test"));
    Envelope asked = send(queue, SENDER, to("asked@x.test", DsnNotify.DELAY, DsnNotify.FAILURE));

    kit.awaitAttempts(silent.queueId(), 1);
    kit.awaitAttempts(asked.queueId(), 1);
    await("the delay DSN", () -> dsns().size() == 1);
    Thread.sleep(RetryTimer.MAX_SLEEP.toMillis());

    assertThat(dsns()).singleElement().satisfies(m -> assertThat(deliveryStatus(parse(m)))
        .contains("Final-Recipient: rfc822;asked@x.test").doesNotContain("slow@x.test"));
  }

  @Test
  void notifySuccessGetsARelayedDsn() throws Exception {
    QueueManager queue = startQueue(Duration.ofHours(4));
    send(queue, SENDER, to("happy@x.test", DsnNotify.SUCCESS), to("quiet@x.test"));

    await("the original and the DSN", () -> sink.messages().size() == 2 && queue.size() == 0);

    assertThat(dsns()).singleElement().satisfies(m -> {
      MimeMessage dsn = parse(m);
      assertThat(dsn.getSubject()).isEqualTo("Successful Mail Delivery Report");
      assertThat(deliveryStatus(dsn)).contains("Final-Recipient: rfc822;happy@x.test\r\nAction: relayed\r\nStatus: 2.0.0")
          .doesNotContain("quiet@x.test");
    });
  }
}
