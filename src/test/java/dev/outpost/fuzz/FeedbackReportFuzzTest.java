package dev.outpost.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.outpost.suppression.FeedbackReport;
import java.io.IOException;
import java.util.Locale;

/**
 * Complaint reports (ARF, RFC 5965) come from anyone who can send to the complaints address, so
 * the parser sees hostile MIME. It may refuse a message only with an IOException (which the
 * intake logs and drops). A report it accepts has a lower-case feedback type, a complainer that
 * is either absent or not blank, and a List-Unsubscribe value unfolded onto one line. The input's
 * line ends are made CR LF, the only ones SMTP lets through.
 * The seed corpus is RFC 5965's sample report, in FeedbackReportFuzzTestInputs.
 */
class FeedbackReportFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void parserOnlyRefusesWithIOException(byte[] message) {
    FeedbackReport report;
    try {
      report = FeedbackReport.parse(HeaderFuzzTest.crlf(message));
    } catch (IOException refused) {
      return;
    }
    // Providers often redact the recipient, so a report may name none (the intake then looks for
    // Outpost's List-Unsubscribe, or drops it); one it names is never blank.
    if (report.complainant() != null && report.complainant().isBlank()) {
      throw new IllegalStateException("accepted a report with a blank complainer: " + report);
    }
    if (!report.feedbackType().equals(report.feedbackType().toLowerCase(Locale.ROOT))) {
      throw new IllegalStateException("feedback type not normalised: " + report);
    }
    String unsubscribe = report.listUnsubscribe();
    if (unsubscribe != null && (unsubscribe.indexOf('\r') >= 0 || unsubscribe.indexOf('\n') >= 0)) {
      throw new IllegalStateException("List-Unsubscribe not unfolded: " + report);
    }
  }
}
