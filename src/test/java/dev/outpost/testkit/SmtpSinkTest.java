package dev.outpost.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The sink against an independent client (Angus Mail), so its behaviour is not only checked by ours. */
class SmtpSinkTest {

  private static Session session(SmtpSink sink) {
    Properties p = new Properties();
    p.put("mail.smtp.host", "127.0.0.1");
    p.put("mail.smtp.port", String.valueOf(sink.port()));
    p.put("mail.smtp.localhost", "client.test");
    return Session.getInstance(p);
  }

  private static MimeMessage message(Session session, String text) throws MessagingException {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress("from@example.com"));
    m.setRecipients(Message.RecipientType.TO, "to@example.org");
    m.setSubject("hello");
    m.setText(text);
    return m;
  }

  @Test
  void recordsWhatAnIndependentClientSends() throws Exception {
    try (SmtpSink sink = SmtpSink.start()) {
      Session session = session(sink);
      Transport.send(message(session, "line one\r\n.dot line\r\n"));

      ReceivedMessage got = sink.awaitMessages(1, Duration.ofSeconds(5)).getFirst();
      assertThat(got.sender()).isEqualTo("from@example.com");
      assertThat(got.recipients()).containsExactly("to@example.org");
      assertThat(got.connection()).isEqualTo(1);
      assertThat(got.dataAsString()).contains("Subject: hello\r\n").endsWith("line one\r\n.dot line\r\n");
      assertThat(sink.commands()).contains("EHLO client.test");
    }
  }

  @Test
  void scriptedRecipientReplyReachesTheClient() throws Exception {
    try (SmtpSink sink = SmtpSink.start(SinkBehaviour.accepting().replyTo("to@example.org", "550 5.1.1 no such user"))) {
      Session session = session(sink);
      assertThatThrownBy(() -> Transport.send(message(session, "x")))
          .isInstanceOf(MessagingException.class);
      assertThat(sink.messages()).isEmpty();
    }
  }
}
