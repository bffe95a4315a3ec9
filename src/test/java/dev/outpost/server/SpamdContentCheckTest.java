package dev.outpost.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.outpost.config.HostPort;
import dev.outpost.config.ReputationConfig.ContentCheck;
import dev.outpost.testkit.TranscriptClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content check asks a real SpamAssassin spamd (Debian's package, started here on loopback):
 * the GTUBE test message, which Outpost's own lint does not know, is refused on spamd's word.
 */
class SpamdContentCheckTest {
  private static final Path SPAMD = Path.of("/usr/sbin/spamd");
  private static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
  private static final String HEADERS = "From: News <news@sender.test>\r\nTo: r@example.test\r\n"
      + "Date: Thu, 26 Nov 2026 10:00:00 +0000\r\nMessage-ID: <m1@sender.test>\r\n"
      + "List-Unsubscribe: <mailto:unsub@sender.test>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";

  @Test
  void spamdVerdictRefusesTheTestSpam(@TempDir Path dataDir) throws Exception {
    if ("true".equals(System.getenv("CI"))) {
      assertThat(Files.isExecutable(SPAMD)).as("CI installs Debian's spamd (see .ci/run)").isTrue();
    }
    assumeThat(Files.isExecutable(SPAMD)).as("spamd is installed").isTrue();
    int port = freePort();
    Process spamd = new ProcessBuilder(SPAMD.toString(), "--listen=127.0.0.1:" + port, "--max-children=1",
        "--min-children=1", "-u", "nobody", "--nouser-config", "--syslog=stderr")
        .redirectErrorStream(true).redirectOutput(dataDir.resolve("spamd.log").toFile()).start();
    try {
      awaitListening(port, spamd, dataDir.resolve("spamd.log"));
      try (RunningOutpost server = RunningOutpost.start(dataDir.resolve("outpost"), c -> c.withReputation(
          c.reputation().withZones(List.of(), List.of(), List.of())
              .withContentCheck(ContentCheck.REJECT, new HostPort("127.0.0.1", port))));
          TranscriptClient c = server.greeted()) {
        send(c, HEADERS + "Subject: test spam\r\n\r\n" + GTUBE + "\r\n");
        TranscriptClient.Response refused = c.read();
        assertThat(refused.code()).isEqualTo(550);
        assertThat(refused.text()).startsWith("5.7.1 Message refused: it looks like spam").contains("GTUBE");

        send(c, HEADERS + "Subject: Our November newsletter\r\n\r\nHello, here is what is new this month.\r\n");
        assertThat(c.read().code()).isEqualTo(250);
      }
    } finally {
      spamd.destroy();
      spamd.waitFor();
    }
  }

  private static void send(TranscriptClient c, String message) throws Exception {
    c.sendRaw("MAIL FROM:<news@sender.test>\r\nRCPT TO:<r@example.test>\r\nDATA\r\n");
    c.expectCode(250);
    c.expectCode(250);
    c.expectCode(354);
    c.sendRaw(message + ".\r\n");
  }

  private static void awaitListening(int port, Process process, Path log) throws Exception {
    for (int i = 0; i < 200; i++) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        if (!process.isAlive()) throw new AssertionError("spamd exited: " + Files.readString(log));
        Thread.sleep(100);
      }
    }
    throw new AssertionError("spamd did not listen: " + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
