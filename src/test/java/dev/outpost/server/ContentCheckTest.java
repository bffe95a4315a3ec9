package dev.outpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.ReputationConfig.ContentCheck;
import dev.outpost.testkit.TranscriptClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code content_check = "reject"}, a letter a spam filter would hold is refused before it is queued. */
class ContentCheckTest {

  @Test
  void spammyLetterIsRefusedAndACleanOneQueued(@TempDir Path dataDir) throws Exception {
    try (RunningOutpost server = RunningOutpost.start(dataDir, c -> c.withReputation(
        c.reputation().withZones(List.of(), List.of(), List.of()).withContentCheck(ContentCheck.REJECT, null)));
        TranscriptClient c = server.greeted()) {
      send(c, "Subject: FREE MONEY!!! ACT NOW!!!\r\nFrom: a@sender.test\r\n\r\n"
          + "<html><body><a href=\"http://bit.ly/x\"><img src=\"http://bit.ly/y.png\"></a>"
          + "Click here!!! 100% free, risk free, act now, winner!!!</body></html>\r\n");
      TranscriptClient.Response refused = c.read();
      assertThat(refused.code()).isEqualTo(550);
      assertThat(refused.text()).startsWith("5.7.1 Message refused: it looks like spam (score ");

      // No Date or Message-ID: Outpost adds them, so they must not count against the letter.
      send(c, "Subject: Our November newsletter\r\nFrom: News <news@sender.test>\r\n"
          + "List-Unsubscribe: <mailto:unsub@sender.test>\r\n"
          + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n\r\nHello, here is what is new this month.\r\n");
      assertThat(c.read().code()).isEqualTo(250);
    }
  }

  private static void send(TranscriptClient c, String message) throws Exception {
    c.sendRaw("MAIL FROM:<a@sender.test>\r\nRCPT TO:<r@example.test>\r\nDATA\r\n");
    c.expectCode(250);
    c.expectCode(250);
    c.expectCode(354);
    c.sendRaw(message + ".\r\n");
  }
}
