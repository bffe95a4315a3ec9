package dev.outpost.server;

import static dev.outpost.server.RunningOutpost.assertReply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.smtp.Replies;
import dev.outpost.testkit.DnsTestServer;
import dev.outpost.testkit.ReceivedMessage;
import dev.outpost.testkit.SinkBehaviour;
import dev.outpost.testkit.SmtpSink;
import dev.outpost.testkit.TranscriptClient;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Outpost with no {@code [[route]]}: every domain is accepted and goes to its MX hosts. */
class MxRelayTest {
  @TempDir Path dataDir;

  @Test
  void aTrustedClientsMailReachesTheRecipientsMxHost() throws Exception {
    try (DnsTestServer dns = DnsTestServer.start();
        SmtpSink mx = SmtpSink.start(InetAddress.getByName("127.0.0.2"), 0, SinkBehaviour.accepting())) {
      dns.mx("example.test", 10, "mx.example.test").a("mx.example.test", "127.0.0.2");
      try (RunningOutpost server = RunningOutpost.start(dataDir, c -> c.withRoutes(List.of())
              .withDns(c.dns().withResolvers(List.of(dns.hostPort())))
              .withDelivery(c.delivery().withPort(mx.port())));
          TranscriptClient client = server.greeted()) {
        client.send("MAIL FROM:<app@sender.test>");
        assertReply(client.read(), Replies.SENDER_OK);
        client.send("RCPT TO:<reader@example.test>");
        assertReply(client.read(), Replies.RECIPIENT_OK);
        client.send("RCPT TO:<someone@no-mx-here.test>");
        assertReply(client.read(), Replies.RECIPIENT_OK);
        client.send("DATA");
        assertReply(client.read(), Replies.START_DATA);
        client.sendRaw("Subject: via MX\r\n\r\nHello.\r\n.\r\n");
        client.expectCode(250);

        ReceivedMessage got = mx.awaitMessages(1, Duration.ofSeconds(10)).getFirst();
        assertThat(got.recipients()).containsExactly("reader@example.test");
        assertThat(got.dataAsString()).endsWith("Subject: via MX\r\n\r\nHello.\r\n");
      }
    }
  }
}
