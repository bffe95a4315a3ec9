package dev.outpost.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.CidrRange;
import dev.outpost.config.RelayConfig;
import dev.outpost.server.RunningOutpost;
import dev.outpost.testkit.TranscriptClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thousand slowloris connections from ten addresses, each trickling a byte now and then, must
 * not keep a legitimate client out: it is greeted and its message accepted within a second.
 */
class SlowlorisFloodTest {
  private static final int ATTACKERS = 10;
  private static final int CONNECTIONS_EACH = 100;

  @Test
  void legitimateClientIsServedWithinASecond(@TempDir Path dataDir) throws Exception {
    try (RunningOutpost server = RunningOutpost.start(dataDir,
        c -> c.withRelay(new RelayConfig(List.of(CidrRange.parse("127.0.0.1/32")), List.of()))
            .withAbuse(c.abuse().withConnectionRate(0)).withSmtp(c.smtp().withGreetPause(Duration.ZERO)))) {
      InetSocketAddress address = server.address("local");
      List<Socket> slow = new ArrayList<>();
      try {
        for (int a = 0; a < ATTACKERS; a++) {
          InetAddress from = InetAddress.getByName("127.0.1." + (a + 1));
          for (int i = 0; i < CONNECTIONS_EACH; i++) {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(from, 0));
            s.connect(address, 5000);
            slow.add(s);
          }
        }
        for (int round = 0; round < 3; round++) {
          for (Socket s : slow) trickle(s);
          Thread.sleep(200);
        }
        long start = System.nanoTime();
        try (TranscriptClient c = TranscriptClient.connect(address)) {
          c.expectCode(220);
          c.send("EHLO legit.test").expectCode(250);
          c.sendRaw("MAIL FROM:<app@sender.test>\r\nRCPT TO:<a@example.test>\r\nDATA\r\n");
          c.expectCode(250);
          c.expectCode(250);
          c.expectCode(354);
          c.sendRaw("Subject: served\r\n\r\nhello\r\n.\r\n");
          c.expectCode(250);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      } finally {
        for (Socket s : slow) s.close();
      }
    }
  }

  private static void trickle(Socket s) {
    try {
      OutputStream out = s.getOutputStream();
      out.write('E');
      out.flush();
    } catch (IOException closedByServer) {
      // the server may hang up on a client that talked before the greeting: that is fine
    }
  }
}
