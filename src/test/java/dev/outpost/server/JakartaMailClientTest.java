package dev.outpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.testkit.ReceivedMessage;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real mail library submits over STARTTLS, and the message arrives at the relay's sink. */
class JakartaMailClientTest {

  @Test
  void sendsThroughStartTls(@TempDir Path dataDir) throws Exception {
    try (RunningOutpost server = RunningOutpost.start(dataDir)) {
      var address = server.address("submission");
      Properties props = new Properties();
      props.put("mail.smtp.host", address.getHostString());
      props.put("mail.smtp.port", String.valueOf(address.getPort()));
      props.put("mail.smtp.starttls.enable", "true");
      props.put("mail.smtp.starttls.required", "true");
      props.put("mail.smtp.ssl.trust", "*");
      props.put("mail.smtp.ssl.checkserveridentity", "false");
      props.put("mail.smtp.ssl.protocols", "TLSv1.3 TLSv1.2");
      props.put("mail.smtp.localhost", "jakarta.test");
      Session session = Session.getInstance(props);
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress("news@sender.test"));
      message.setRecipients(Message.RecipientType.TO, "one@example.test, two@example.test");
      message.setSubject("Jakarta over STARTTLS");
      message.setText("Hello from Jakarta Mail\n.\nA line with only a dot above.\n");
      Transport.send(message);

      List<ReceivedMessage> received = server.sink.awaitMessages(1, Duration.ofSeconds(10));
      ReceivedMessage m = received.get(0);
      assertThat(m.sender()).isEqualTo("news@sender.test");
      assertThat(m.recipients()).containsExactlyInAnyOrder("one@example.test", "two@example.test");
      assertThat(m.dataAsString())
          .contains("with ESMTPS id ")
          .containsPattern("\\(using TLSv1\\.[23] with cipher [A-Z0-9_]+\\)")
          .contains("Subject: Jakarta over STARTTLS")
          .contains("\r\n.\r\nA line with only a dot above.");
    }
  }
}
