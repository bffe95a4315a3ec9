package dev.outpost.suppression;

import static dev.outpost.server.RunningOutpost.assertReply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.config.AuthMode;
import dev.outpost.events.EventSink;
import dev.outpost.config.RelayConfig;
import dev.outpost.policy.Decision;
import dev.outpost.policy.RelayPolicy;
import dev.outpost.policy.SessionFacts;
import dev.outpost.server.RunningOutpost;
import dev.outpost.smtp.Replies;
import dev.outpost.testkit.TranscriptClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Complaint feedback loops (ARF, RFC 5965): the sample is the report of RFC 5965's appendix, as
 * providers send it. A report to the complaints address suppresses the complainer and is never
 * relayed.
 */
class ComplaintIntakeTest {
  private static final String BROKEN_MIME = "From: <abusedesk@example.com>\r\nMIME-Version: 1.0\r\n"
      + "Content-Type: multipart/report; report-type=feedback-report; boundary=\"b\"\r\n\r\n"
      + "--b\r\n  \r\n folded\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: abuse\r\n"
      + "--b--\r\n";

  private static byte[] sample() throws IOException {
    try (InputStream in = ComplaintIntakeTest.class.getResourceAsStream("arf-abuse.eml")) {
      String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
  }

  @Test
  void parsesTheReportAndItsComplainer() throws IOException {
    FeedbackReport report = FeedbackReport.parse(sample());
    assertThat(report.feedbackType()).isEqualTo("abuse");
    assertThat(report.complainant()).isEqualToIgnoringCase("complainer@example.test");
    assertThat(report.reporter()).contains("abusedesk@example.com");
  }

  @Test
  void aMessageThatIsNoReportIsRefusedByTheParser() {
    assertThatThrownBy(() -> FeedbackReport.parse("Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IOException.class).hasMessageContaining("multipart/report");
  }

  /**
   * Found by FeedbackReportFuzzTest: a body part whose header section opens with a blank-looking
   * line of spaces and then a folded line makes Jakarta Mail throw IndexOutOfBoundsException
   * while it parses the multipart. Anyone may
   * write to the complaints address, so such a message must be refused like any other non-report.
   */
  @Test
  void aReportWithBrokenMimeIsRefusedByTheParserNotThrown() {
    assertThatThrownBy(() -> FeedbackReport.parse(BROKEN_MIME.getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IOException.class).hasMessageStartingWith("not a feedback report: malformed MIME");
  }

  @Test
  void aBrokenReportToTheComplaintsAddressIsTakenInAndDropped(@TempDir Path dataDir) throws Exception {
    try (RunningOutpost server = RunningOutpost.start(dataDir,
        c -> c.withSuppression(c.suppression().withComplaintsAddress("fbl@outpost.test")));
        TranscriptClient c = server.greeted()) {
      c.sendRaw("MAIL FROM:<abusedesk@example.com>\r\nRCPT TO:<fbl@outpost.test>\r\nDATA\r\n");
      c.expectCode(250);
      c.expectCode(250);
      c.expectCode(354);
      c.sendRaw(BROKEN_MIME + ".\r\n");
      assertReply(c.read(), Replies.REPORT_RECEIVED);
      c.send("NOOP").expectCode(250);
    }
  }

  @Test
  void strangersMayWriteToTheComplaintsAddressOnly() throws Exception {
    var relay = new RelayPolicy(new RelayConfig(List.of(), List.of()), "outpost.test");
    var policy = new ComplaintsMailboxPolicy(relay, new ComplaintIntake("fbl@outpost.test", null, null, null, EventSink.NONE));
    var stranger = new SessionFacts(InetAddress.getByName("192.0.2.1"), false, AuthMode.NONE, false, null);
    assertThat(policy.checkRecipient(stranger, "FBL@outpost.test", 0)).isEqualTo(Decision.ACCEPT);
    assertThat(policy.checkRecipient(stranger, "victim@elsewhere.test", 0))
        .isEqualTo(new Decision.Reject(Replies.RELAY_DENIED));
  }

  @Test
  void aReportSuppressesTheComplainerAndIsNotRelayed(@TempDir Path dataDir) throws Exception {
    try (RunningOutpost server = RunningOutpost.start(dataDir,
        c -> c.withSuppression(c.suppression().withComplaintsAddress("fbl@outpost.test")));
        TranscriptClient c = server.greeted()) {
      c.sendRaw("MAIL FROM:<abusedesk@example.com>\r\nRCPT TO:<fbl@outpost.test>\r\nDATA\r\n");
      c.expectCode(250);
      c.expectCode(250);
      c.expectCode(354);
      c.sendBytes(sample());
      c.sendRaw(".\r\n");
      assertReply(c.read(), Replies.REPORT_RECEIVED);

      c.send("MAIL FROM:<news@sender.test>").expectCode(250);
      c.send("RCPT TO:<complainer@example.test>");
      TranscriptClient.Response refused = c.read();
      assertThat(refused.code()).isEqualTo(550);
      assertThat(refused.text()).startsWith("5.7.1").contains("complainer@example.test").contains("complaint");
      Thread.sleep(300);
      assertThat(server.sink.messages()).isEmpty();
    }
  }
}
