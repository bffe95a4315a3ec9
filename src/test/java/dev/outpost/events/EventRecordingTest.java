package dev.outpost.events;

import static dev.outpost.events.DeliveryEvent.Type.BOUNCED;
import static dev.outpost.events.DeliveryEvent.Type.COMPLAINED;
import static dev.outpost.events.DeliveryEvent.Type.DEFERRED;
import static dev.outpost.events.DeliveryEvent.Type.DELIVERED;
import static dev.outpost.events.DeliveryEvent.Type.DSN_SENT;
import static dev.outpost.events.DeliveryEvent.Type.QUEUED;
import static dev.outpost.events.DeliveryEvent.Type.RECEIVED;
import static dev.outpost.events.DeliveryEvent.Type.SUPPRESSED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.accounts.AccountAdministration;
import dev.outpost.accounts.AccountLimits;
import dev.outpost.accounts.PasswordHasher;
import dev.outpost.bounce.BounceCategory;
import dev.outpost.events.DeliveryEvent.Type;
import dev.outpost.events.StatsQuery.Granularity;
import dev.outpost.events.StatsQuery.GroupBy;
import dev.outpost.server.RunningOutpost;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.suppression.Suppression;
import dev.outpost.suppression.SuppressionReason;
import dev.outpost.suppression.SuppressionScope;
import dev.outpost.testkit.SinkBehaviour;
import dev.outpost.testkit.TranscriptClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Outpost relaying to a real sink that accepts one recipient, defers one (452) and
 * refuses one (550), with one more refused at RCPT by the suppression list and a complaint about
 * the delivered one: the events and the statistics that come out of it.
 */
class EventRecordingTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir Path dataDir;

  @Test
  void mixedOutcomesBecomeEventsWithCategoriesAndAdviceAndCountInTheStatistics() throws Exception {
    try (SqliteStateStore store = SqliteStateStore.open(dataDir)) {
      var admin = new AccountAdministration(store, PasswordHasher.production(), new SecureRandom(), Clock.systemUTC());
      admin.addAccount("acme", "bounces@acme.test", AccountLimits.UNLIMITED);
      admin.addDomain("acme", "acme.test", false);
      admin.addCredential("acme", "alice", "correct horse battery");
      store.putSuppression(new Suppression(SuppressionScope.GLOBAL, "blocked@example.test", SuppressionReason.MANUAL,
          "asked by phone", Instant.now(), null));
    }
    Instant start = Instant.now();
    try (RunningOutpost server = RunningOutpost.start(dataDir,
        c -> c.withSuppression(c.suppression().withComplaintsAddress("fbl@outpost.test")))) {
      server.sink.behave(SinkBehaviour.accepting()
          .replyTo("later@example.test", "452 4.2.2 mailbox full, try again later")
          .replyTo("gone@example.test", "550 5.1.1 no such user"));
      EventLog events = server.outpost.events();

      String queueId;
      try (TranscriptClient c = server.authenticated("alice", "correct horse battery")) {
        c.send("MAIL FROM:<news@acme.test>").expectCode(250);
        c.send("RCPT TO:<Reader@Example.test>").expectCode(250);
        c.send("RCPT TO:<later@example.test>").expectCode(250);
        c.send("RCPT TO:<gone@example.test>").expectCode(250);
        c.send("RCPT TO:<blocked@example.test>").expectCode(550);
        c.send("DATA").expectCode(354);
        c.sendRaw("From: news@acme.test\r\nX-Outpost-Campaign: spring-sale\r\nSubject: offers\r\n\r\nhello\r\n.\r\n");
        String reply = c.expectCode(250).text();
        queueId = reply.substring(reply.lastIndexOf(' ') + 1);
      }
      List<DeliveryEvent> message = awaitTypes(events, EventQuery.all().withQueueId(queueId),
          Set.of(RECEIVED, QUEUED, DELIVERED, DEFERRED, BOUNCED, DSN_SENT));

      assertThat(message).allSatisfy(e -> {
        assertThat(e.queueId()).isEqualTo(queueId);
        assertThat(e.account()).isEqualTo("acme");
        assertThat(e.campaign()).isEqualTo("spring-sale");
        assertThat(e.sender()).isEqualTo("news@acme.test");
      });
      assertThat(message).filteredOn(e -> e.type() == QUEUED).extracting(DeliveryEvent::recipient)
          .containsExactlyInAnyOrder("reader@example.test", "later@example.test", "gone@example.test");
      DeliveryEvent delivered = only(message, DELIVERED);
      assertThat(delivered.recipient()).isEqualTo("reader@example.test");
      assertThat(delivered.statusCode()).startsWith("2.");
      assertThat(delivered.remoteHost()).contains("127.0.0.1").contains(":" + server.sink.port());
      assertThat(delivered.sourceIp()).isEqualTo("127.0.0.1");
      assertThat(delivered.recipientDomain()).isEqualTo("example.test");
      assertThat(delivered.category()).isNull();
      DeliveryEvent deferred = only(message, DEFERRED);
      assertThat(deferred.recipient()).isEqualTo("later@example.test");
      assertThat(deferred.statusCode()).isEqualTo("4.2.2");
      assertThat(deferred.reply()).contains("mailbox full");
      assertThat(deferred.category()).isEqualTo(BounceCategory.MAILBOX_FULL);
      assertThat(deferred.advice()).isEqualTo(BounceCategory.MAILBOX_FULL.advice());
      DeliveryEvent bounced = only(message, BOUNCED);
      assertThat(bounced.recipient()).isEqualTo("gone@example.test");
      assertThat(bounced.statusCode()).isEqualTo("5.1.1");
      assertThat(bounced.category()).isEqualTo(BounceCategory.UNKNOWN_USER);
      assertThat(bounced.advice()).contains("remove it from your list");
      assertThat(only(message, DSN_SENT)).satisfies(d -> {
        assertThat(d.recipient()).isEqualTo("gone@example.test");
        assertThat(d.reply()).startsWith("sender non-delivery notification: ");
      });

      List<DeliveryEvent> suppressed = events.find(EventQuery.all().withTypes(Set.of(SUPPRESSED))).events();
      assertThat(suppressed).singleElement().satisfies(s -> {
        assertThat(s.recipient()).isEqualTo("blocked@example.test");
        assertThat(s.account()).isEqualTo("acme");
        assertThat(s.statusCode()).isEqualTo("5.7.1");
        assertThat(s.queueId()).isNull();
      });

      sendComplaintAbout("reader@example.test", server);
      DeliveryEvent complaint = awaitTypes(events, EventQuery.all().withRecipient("reader@example.test"),
          Set.of(COMPLAINED)).stream().filter(e -> e.type() == COMPLAINED).findFirst().orElseThrow();
      assertThat(complaint.queueId()).isEqualTo(queueId);
      assertThat(complaint.account()).isEqualTo("acme");
      assertThat(complaint.campaign()).isEqualTo("spring-sale");
      assertThat(complaint.reply()).startsWith("abuse report from");

      awaitTypes(events, EventQuery.all().withRecipient("news@acme.test"), Set.of(DELIVERED));
      StatsQuery today = StatsQuery.between(start.minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(1)))
          .per(Granularity.DAY);
      Map<Type, Long> acme = totals(events.stats(today.groupedBy(GroupBy.ACCOUNT))).get("acme");
      assertThat(acme).isEqualTo(Map.of(RECEIVED, 1L, QUEUED, 3L, DELIVERED, 1L, DEFERRED, 1L, BOUNCED, 1L,
          DSN_SENT, 1L, SUPPRESSED, 1L, COMPLAINED, 1L));
      // A recipient refused at RCPT is judged before the header names the campaign.
      Map<String, Map<Type, Long>> campaigns = totals(events.stats(today.groupedBy(GroupBy.CAMPAIGN).forAccount("acme")));
      assertThat(campaigns.keySet()).containsExactly("<none>", "spring-sale");
      assertThat(campaigns.get("<none>")).isEqualTo(Map.of(SUPPRESSED, 1L));
      assertThat(campaigns.get("spring-sale")).containsEntry(DELIVERED, 1L).containsEntry(COMPLAINED, 1L);
      // The DSN to news@acme.test is Outpost's own mail, delivered under no account.
      assertThat(totals(events.stats(today.groupedBy(GroupBy.ACCOUNT))).get("<none>")).containsEntry(DELIVERED, 1L);
      assertThat(totals(events.stats(today.groupedBy(GroupBy.SOURCE_IP).forAccount("acme"))).get("127.0.0.1"))
          .containsEntry(DELIVERED, 1L).containsEntry(BOUNCED, 1L).containsEntry(DEFERRED, 1L);
      assertThat(totals(events.stats(today.groupedBy(GroupBy.DOMAIN).forAccount("acme"))).get("example.test"))
          .containsEntry(QUEUED, 3L);
      StatsRow row = events.stats(today.forAccount("acme")).rows().stream()
          .filter(r -> r.count(DELIVERED) > 0).findFirst().orElseThrow();
      assertThat(row.deliveryRate()).isEqualTo(0.5);
      assertThat(row.bounceRate()).isEqualTo(0.5);
      assertThat(row.complaintRate()).isEqualTo(1.0);
    }
  }

  private static void sendComplaintAbout(String recipient, RunningOutpost server) throws Exception {
    String report = """
        From: <fbl@mailbox.example>
        To: <fbl@outpost.test>
        Subject: complaint
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=feedback-report; boundary="b1"

        --b1
        Content-Type: text/plain

        A complaint.

        --b1
        Content-Type: message/feedback-report

        Feedback-Type: abuse
        Version: 1
        Original-Rcpt-To: <%s>

        --b1--
        """.formatted(recipient).replace("\n", "\r\n");
    try (TranscriptClient c = server.greeted()) {
      c.sendRaw("MAIL FROM:<fbl@mailbox.example>\r\nRCPT TO:<fbl@outpost.test>\r\nDATA\r\n");
      c.expectCode(250);
      c.expectCode(250);
      c.expectCode(354);
      c.sendRaw(report + ".\r\n");
      c.expectCode(250);
    }
  }

  /** The events matching {@code query} once every one of {@code types} is among them. */
  private static List<DeliveryEvent> awaitTypes(EventLog events, EventQuery query, Set<Type> types)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<DeliveryEvent> found = List.of();
    while (System.nanoTime() < deadline) {
      found = events.find(query).events();
      if (found.stream().map(DeliveryEvent::type).toList().containsAll(types)) return found;
      Thread.sleep(50);
    }
    throw new AssertionError("events of types " + types + " did not all arrive within " + WAIT + "; got " + found);
  }

  private static DeliveryEvent only(List<DeliveryEvent> events, Type type) {
    List<DeliveryEvent> matching = events.stream().filter(e -> e.type() == type).toList();
    assertThat(matching).as("events of type %s", type).hasSize(1);
    return matching.get(0);
  }

  /** Counts by group over all buckets, so that a run across midnight adds up the same. */
  private static Map<String, Map<Type, Long>> totals(StatsReport report) {
    Map<String, Map<Type, Long>> out = new TreeMap<>();
    for (StatsRow r : report.rows()) {
      Map<Type, Long> counts = out.computeIfAbsent(r.group() == null ? "<none>" : r.group(), g -> new EnumMap<>(Type.class));
      r.counts().forEach((type, n) -> counts.merge(type, n, Long::sum));
    }
    return out;
  }
}
