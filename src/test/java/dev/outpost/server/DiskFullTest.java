package dev.outpost.server;

import static dev.outpost.server.RunningOutpost.assertReply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.outpost.smtp.Replies;
import dev.outpost.testkit.TranscriptClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the data directory on a small tmpfs, a client sending into a full disk gets 452 4.3.1,
 * never 250, and is accepted again once space returns. Mounting needs root; elsewhere it is skipped.
 */
class DiskFullTest {
  @TempDir Path dir;
  private Path mount;

  @Test
  void fullSpoolAnswers452AndRecovers() throws Exception {
    mount = dir.resolve("tmpfs");
    Files.createDirectories(mount);
    assumeThat(run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString()))
        .as("mounting a tmpfs (needs root)").isTrue();
    Path filler = mount.resolve("filler");
    Files.write(filler, new byte[3 * 1024 * 1024]);
    String body = "Subject: filler\r\n\r\n" + ("z".repeat(998) + "\r\n").repeat(100);
    try (RunningOutpost server = RunningOutpost.start(mount.resolve("data"),
        c -> c.withRoutes(java.util.List.of(new dev.outpost.config.RouteConfig(java.util.List.of("*"), "127.0.0.1", 9))));
        TranscriptClient c = server.greeted()) {
      TranscriptClient.Response last = null;
      int accepted = 0;
      for (int i = 0; i < 200; i++) {
        last = sendOne(c, body);
        if (last.code() != 250) break;
        accepted++;
      }
      assertThat(accepted).as("some messages fit before the disk filled").isPositive();
      assertReply(last, Replies.SPOOL_FULL);

      Files.delete(filler);
      assertThat(sendOne(c, body).code()).as("accepted again once space returns").isEqualTo(250);
    }
  }

  private static TranscriptClient.Response sendOne(TranscriptClient c, String body) throws IOException {
    c.sendRaw("MAIL FROM:<app@sender.test>\r\nRCPT TO:<a@example.test>\r\nDATA\r\n");
    c.expectCode(250);
    c.expectCode(250);
    c.expectCode(354);
    c.sendRaw(body + ".\r\n");
    return c.read();
  }

  @AfterEach
  void unmount() throws Exception {
    if (mount != null && !run("umount", mount.toString())) run("umount", "-l", mount.toString());
  }

  private static boolean run(String... command) throws Exception {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException noSuchCommand) {
      return false;
    }
  }
}
