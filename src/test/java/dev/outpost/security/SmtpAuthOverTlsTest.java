package dev.outpost.security;

import static dev.outpost.server.RunningOutpost.assertReply;

import dev.outpost.server.RunningOutpost;
import dev.outpost.server.TrustingClientTls;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.OutpostConfig;
import dev.outpost.config.RelayConfig;
import dev.outpost.policy.Authenticator;
import dev.outpost.smtp.AuthOutcome;
import dev.outpost.smtp.Replies;
import dev.outpost.testkit.TranscriptClient;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AUTH on the submission port, seen from outside: a client from an untrusted address must
 * authenticate over TLS before it may relay, and guessing passwords gets the address blocked.
 */
class SmtpAuthOverTlsTest {
  static final Authenticator ONE_USER = (credentials, client) ->
      credentials.username().equals("alice") && credentials.password().equals("correct horse")
          ? new AuthOutcome.Success("acme")
          : new AuthOutcome.BadCredentials();

  @TempDir static Path dataDir;
  static RunningOutpost server;

  /** Loopback is not trusted here, so the test client is a stranger that must authenticate. */
  @BeforeAll
  static void start() throws Exception {
    server = RunningOutpost.start(dataDir, SmtpAuthOverTlsTest::stranger, ONE_USER);
  }

  /** Loopback untrusted, and a short tarpit so that the ten failures below do not take ten seconds. */
  private static OutpostConfig stranger(OutpostConfig c) {
    return c.withRelay(new RelayConfig(List.of(), List.of()))
        .withAbuse(c.abuse().withSessionLimits(100, Duration.ofHours(1), 3, Duration.ofMillis(20)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void jakartaMailAuthenticatesOverStartTlsAndRelays() throws Exception {
    Transport.send(message("alice", "correct horse", "auth-relay"));
    assertThat(server.sink.awaitMessages(1, Duration.ofSeconds(10)))
        .anyMatch(m -> m.dataAsString().contains("Subject: auth-relay"));
  }

  @Test
  void wrongPasswordIsRefusedWith535() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Transport.send(message("alice", "wrong", "nope")))
        .isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("535 5.7.8");
  }

  @Test
  void withoutAuthTheStrangerCannotRelay() throws Exception {
    try (TranscriptClient c = server.connect("submission")) {
      c.read();
      c.send("EHLO stranger.test").expectCode(250);
      c.send("AUTH PLAIN " + plain("alice", "correct horse"));
      assertReply(c.read(), Replies.AUTH_NEEDS_TLS);
      c.send("MAIL FROM:<x@stranger.test>");
      assertReply(c.read(), Replies.SENDER_OK);
      c.send("RCPT TO:<victim@elsewhere.test>");
      assertReply(c.read(), Replies.RELAY_DENIED);
    }
  }

  @Test
  void bruteForceBlocksTheAddressEvenForTheRightPassword(@TempDir Path dir) throws Exception {
    try (RunningOutpost guarded = RunningOutpost.start(dir, SmtpAuthOverTlsTest::stranger, ONE_USER);
        TranscriptClient c = guarded.connect("submission")) {
      c.read();
      c.send("EHLO guesser.test").expectCode(250);
      c.send("STARTTLS");
      assertReply(c.read(), Replies.READY_FOR_TLS);
      c.startTls(TrustingClientTls.context());
      c.send("EHLO guesser.test").expectCode(250);
      for (int i = 0; i < 10; i++) {
        c.send("AUTH PLAIN " + plain("alice", "guess" + i));
        assertReply(c.read(), Replies.AUTH_FAILED);
      }
      c.send("AUTH PLAIN " + plain("alice", "correct horse"));
      assertReply(c.read(), Replies.AUTH_BLOCKED);
    }
  }

  private static String plain(String user, String password) {
    return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static MimeMessage message(String user, String password, String subject) throws Exception {
    var address = server.address("submission");
    Properties props = new Properties();
    props.put("mail.smtp.host", address.getHostString());
    props.put("mail.smtp.port", String.valueOf(address.getPort()));
    props.put("mail.smtp.auth", "true");
    props.put("mail.smtp.starttls.enable", "true");
    props.put("mail.smtp.starttls.required", "true");
    props.put("mail.smtp.ssl.trust", "*");
    props.put("mail.smtp.ssl.checkserveridentity", "false");
    props.put("mail.smtp.user", user);
    Session session = Session.getInstance(props, new jakarta.mail.Authenticator() {
      @Override
      protected jakarta.mail.PasswordAuthentication getPasswordAuthentication() {
        return new jakarta.mail.PasswordAuthentication(user, password);
      }
    });
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress("news@acme.test"));
    message.setRecipients(Message.RecipientType.TO, "reader@elsewhere.test");
    message.setSubject(subject);
    message.setText("hello\n");
    return message;
  }
}
