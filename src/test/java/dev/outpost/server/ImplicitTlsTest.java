package dev.outpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.AuthMode;
import dev.outpost.config.HostPort;
import dev.outpost.config.ListenerConfig;
import dev.outpost.config.TlsMode;
import dev.outpost.testkit.TranscriptClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A port-465 style listener: TLS from the first byte, AUTH offered at once, no STARTTLS. */
class ImplicitTlsTest {

  @Test
  void greetsOverTlsAndOffersAuth(@TempDir Path dataDir) throws Exception {
    try (RunningOutpost server = RunningOutpost.start(dataDir, c -> c.withListeners(List.of(
        new ListenerConfig("local", new HostPort("127.0.0.1", 0), TlsMode.NONE, AuthMode.NONE),
        new ListenerConfig("smtps", new HostPort("127.0.0.1", 0), TlsMode.IMPLICIT, AuthMode.REQUIRED))));
        TranscriptClient c = TranscriptClient.connect(server.address("smtps"))) {
      c.startTls(TrustingClientTls.context());
      c.expectCode(220);
      TranscriptClient.Response ehlo = c.send("EHLO client.test").expectCode(250);
      assertThat(ehlo.lines()).anyMatch(l -> l.endsWith("AUTH PLAIN LOGIN")).noneMatch(l -> l.contains("STARTTLS"));
      c.send("MAIL FROM:<app@sender.test>").expectCode(250);
      TranscriptClient.Response rcpt = c.send("RCPT TO:<a@example.test>").expectCode(250);
      assertThat(rcpt.text()).startsWith("2.1.5");
    }
  }
}
