package dev.outpost.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.RelayConfig;
import dev.outpost.server.RunningOutpost;
import dev.outpost.testkit.TranscriptClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classic open-relay probes from a client that is neither trusted nor authenticated, against
 * a server whose only local domain is outpost.test. Each probe gets exactly the reply listed:
 * routing is resolved first and only the final domain counts, so none of them relays.
 */
class OpenRelayTest {
  @TempDir static Path dataDir;
  static RunningOutpost server;

  @BeforeAll
  static void start() throws Exception {
    server = RunningOutpost.start(dataDir,
        c -> c.withRelay(new RelayConfig(List.of(), List.of("outpost.test"))).withSmtp(
            c.smtp().withGreetPause(java.time.Duration.ZERO)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "victim@elsewhere.test                      | 554 5.7.1",
      "victim%elsewhere.test@outpost.test         | 250 2.1.5",
      "@outpost.test:victim@elsewhere.test        | 554 5.7.1",
      "@outpost.test,@relay.test:victim@elsewhere.test | 554 5.7.1",
      "elsewhere.test!victim                      | 501 5.1.3",
      "elsewhere.test!victim@outpost.test         | 250 2.1.5",
      "\"victim@elsewhere.test\"                  | 501 5.1.3",
      "\"victim@elsewhere.test\"@outpost.test     | 250 2.1.5",
      "victim@elsewhere.test@outpost.test         | 501 5.1.3",
      "victim@[192.0.2.1]                         | 554 5.7.1",
      "victim@elsewhere.test.                     | 501 5.1.3",
      "victim@OUTPOST.TEST                        | 250 2.1.5",
      "Postmaster                                 | 250 2.1.5",
      "postmaster@elsewhere.test                  | 554 5.7.1"})
  void probe(String recipient, String expected) throws Exception {
    try (TranscriptClient c = server.connect("local")) {
      c.expectCode(220);
      c.send("EHLO prober.test").expectCode(250);
      c.send("MAIL FROM:<prober@elsewhere.test>").expectCode(250);
      c.send("RCPT TO:<" + recipient + ">");
      TranscriptClient.Response reply = c.read();
      assertThat(reply.code() + " " + reply.text().split(" ")[0]).isEqualTo(expected);
    }
  }
}
