package dev.outpost.suppression;

import static dev.outpost.server.RunningOutpost.assertReply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.EventQuery;
import dev.outpost.server.RunningOutpost;
import dev.outpost.smtp.Replies;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.store.StateStore;
import dev.outpost.testkit.SinkBehaviour;
import dev.outpost.testkit.TranscriptClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Outpost relaying from its trusted listener to a real sink: the global list at work. */
class SuppressionDeliveryTest {
  @TempDir Path dataDir;

  @Test
  void aSuppressedRecipientIsRefusedAtRcptAndTheOthersAreAccepted() throws Exception {
    try (StateStore store = SqliteStateStore.open(dataDir)) {
      store.putSuppression(new Suppression(SuppressionScope.GLOBAL, "gone@example.test", SuppressionReason.MANUAL,
          "asked by phone", Instant.now(), null));
    }
    try (RunningOutpost server = RunningOutpost.start(dataDir);
        TranscriptClient c = server.greeted()) {
      c.send("MAIL FROM:<app@sender.test>");
      assertReply(c.read(), Replies.SENDER_OK);
      c.send("RCPT TO:<Gone@Example.test>");
      assertReply(c.read(), Replies.suppressed("Gone@Example.test", "global", "manual"));
      c.send("RCPT TO:<reader@example.test>");
      assertReply(c.read(), Replies.RECIPIENT_OK);
    }
  }

  @Test
  void inDropModeTheSuppressedRecipientIsAcceptedButNeverDelivered() throws Exception {
    try (StateStore store = SqliteStateStore.open(dataDir)) {
      store.putSuppression(new Suppression(SuppressionScope.GLOBAL, "gone@example.test", SuppressionReason.MANUAL,
          "asked by phone", Instant.now(), null));
    }
    try (RunningOutpost server = RunningOutpost.start(dataDir,
        c -> c.withSuppression(c.suppression().withAction(dev.outpost.config.SuppressionConfig.Action.DROP)));
        TranscriptClient c = server.greeted()) {
      c.sendRaw("MAIL FROM:<app@sender.test>\r\nRCPT TO:<gone@example.test>\r\nRCPT TO:<reader@example.test>\r\n"
          + "DATA\r\n");
      assertReply(c.read(), Replies.SENDER_OK);
      assertReply(c.read(), Replies.RECIPIENT_OK);
      assertReply(c.read(), Replies.RECIPIENT_OK);
      c.expectCode(354);
      c.sendRaw("Subject: drop test\r\n\r\nhello\r\n.\r\n");
      assertThat(c.expectCode(250).text()).startsWith("2.0.0 Ok: queued as ");
      c.sendRaw("MAIL FROM:<app@sender.test>\r\nRCPT TO:<gone@example.test>\r\nDATA\r\n");
      c.expectCode(250);
      c.expectCode(250);
      c.expectCode(354);
      c.sendRaw("Subject: only suppressed\r\n\r\nhello\r\n.\r\n");
      assertReply(c.read(), Replies.ALL_DROPPED);
      var delivered = server.sink.awaitMessages(1, Duration.ofSeconds(10));
      Thread.sleep(300);
      assertThat(server.sink.messages()).hasSize(1);
      assertThat(delivered.get(0).recipients()).containsExactly("reader@example.test");
      assertThat(server.outpost.events().flush(Duration.ofSeconds(10))).isTrue();
      assertThat(server.outpost.events().find(EventQuery.all().withTypes(Set.of(DeliveryEvent.Type.SUPPRESSED)))
          .events()).hasSize(2).allSatisfy(e -> {
            assertThat(e.recipient()).isEqualTo("gone@example.test");
            assertThat(e.reply()).isEqualTo("dropped: on the suppression list of global (manual)");
          });
    }
  }

  @Test
  void aHardBounceSuppressesTheRecipientGloballySoTheNextRcptIsRefused() throws Exception {
    try (RunningOutpost server = RunningOutpost.start(dataDir)) {
      server.sink.behave(SinkBehaviour.accepting().replyTo("gone@example.test", "550 5.1.1 no such user"));
      try (TranscriptClient c = server.greeted()) {
        c.send("MAIL FROM:<app@sender.test>");
        assertReply(c.read(), Replies.SENDER_OK);
        c.send("RCPT TO:<gone@example.test>");
        assertReply(c.read(), Replies.RECIPIENT_OK);
        c.send("DATA");
        assertReply(c.read(), Replies.START_DATA);
        c.sendRaw("Subject: bounce me\r\n\r\nhello\r\n.\r\n");
        c.expectCode(250);
      }

      Suppression entry = awaitSuppression(SuppressionScope.GLOBAL, "gone@example.test");
      assertThat(entry.reason()).isEqualTo(SuppressionReason.HARD_BOUNCE);
      assertThat(entry.detail()).contains("no such user");
      assertThat(entry.expiresAt()).isNull();

      try (TranscriptClient c = server.greeted()) {
        c.send("MAIL FROM:<app@sender.test>");
        assertReply(c.read(), Replies.SENDER_OK);
        c.send("RCPT TO:<gone@example.test>");
        assertReply(c.read(), Replies.suppressed("gone@example.test", "global", "hard_bounce"));
      }
    }
  }

  private Suppression awaitSuppression(SuppressionScope scope, String address) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    try (StateStore store = SqliteStateStore.open(dataDir)) {
      while (Instant.now().isBefore(deadline)) {
        Optional<Suppression> entry = store.findSuppression(scope, address);
        if (entry.isPresent()) return entry.get();
        Thread.sleep(50);
      }
    }
    throw new AssertionError(address + " was not suppressed within 10 s");
  }
}
