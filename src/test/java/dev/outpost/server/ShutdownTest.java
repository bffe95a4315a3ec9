package dev.outpost.server;

import static dev.outpost.server.RunningOutpost.assertReply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.smtp.Replies;
import dev.outpost.testkit.TranscriptClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping lets a message in progress finish, tells idle clients to come back, and loses nothing:
 * the message is delivered before the stop or, still in the spool, after the restart.
 */
class ShutdownTest {

  @Test
  void stopFinishesTheMessageInProgressAndSendsIdleClientsAway(@TempDir Path dataDir) throws Exception {
    RunningOutpost server = RunningOutpost.start(dataDir);
    try (TranscriptClient busy = server.greeted(); TranscriptClient idle = server.greeted()) {
      busy.sendRaw("MAIL FROM:<app@sender.test>\r\nRCPT TO:<a@example.test>\r\nDATA\r\n");
      busy.expectCode(250);
      busy.expectCode(250);
      busy.expectCode(354);
      busy.sendRaw("Subject: in-flight\r\n\r\nfirst half\r\n");

      CompletableFuture<Void> stopping = CompletableFuture.runAsync(server.outpost::stop);
      assertReply(idle.read(), Replies.SHUTTING_DOWN);

      busy.sendRaw("second half\r\n.\r\n");
      assertThat(busy.expectCode(250).text()).startsWith("2.0.0 Ok: queued as ");
      assertReply(busy.read(), Replies.SHUTTING_DOWN);
      stopping.get();
      assertThat(busy.isClosedByServer()).isTrue();
    } finally {
      server.sink.close();
    }

    var delivered = server.sink.messages();
    if (delivered.isEmpty()) {
      try (RunningOutpost restarted = RunningOutpost.start(dataDir)) {
        delivered = restarted.sink.awaitMessages(1, Duration.ofSeconds(10));
      }
    }
    assertThat(delivered).hasSize(1);
    assertThat(delivered.get(0).dataAsString()).endsWith("first half\r\nsecond half\r\n");
  }
}
