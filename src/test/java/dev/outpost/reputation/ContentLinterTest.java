package dev.outpost.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.DnsConfig;
import dev.outpost.testkit.DnsTestServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Crafted messages in src/test/resources, linted with a local URI blocklist that lists badlinks.test. */
class ContentLinterTest {
  private DnsTestServer dns;
  private ContentLinter linter;

  @BeforeEach
  void setUp() throws Exception {
    dns = DnsTestServer.start();
    dns.a("badlinks.test.uribl.test", "127.0.0.2").txt("badlinks.test.uribl.test", "phishing");
    linter = new ContentLinter(new BlocklistLookup(new ReputationDns(DnsConfig.system()
        .withResolvers(List.of(dns.hostPort())).withTimeout(Duration.ofSeconds(2), 1))), List.of("uribl.test"));
  }

  @AfterEach
  void tearDown() {
    dns.close();
  }

  private LintReport lint(String resource) throws Exception {
    try (InputStream in = getClass().getResourceAsStream(resource)) {
      return linter.lint(in);
    }
  }

  @Test
  void aCleanNewsletterHasNoFindings() throws Exception {
    LintReport report = lint("clean.eml");

    assertThat(report.findings()).isEmpty();
    assertThat(report.total()).isZero();
  }

  @Test
  void aSpammyMessageCollectsEveryFindingAndScoresAsSpam() throws Exception {
    LintReport report = lint("spammy.eml");

    assertThat(report.findings()).extracting(LintFinding::rule).containsExactlyInAnyOrder(
        "missing-date", "missing-message-id", "no-list-unsubscribe", "dkim-not-aligned", "subject-all-caps",
        "subject-exclamations", "no-text-part", "image-only", "trigger-phrases", "body-exclamations",
        "url-shortener", "uribl-listed");
    assertThat(report.findings()).filteredOn(f -> f.rule().equals("uribl-listed")).singleElement()
        .satisfies(f -> assertThat(f.explanation()).contains("badlinks.test", "uribl.test", "phishing"));
    assertThat(report.findings()).filteredOn(f -> f.rule().equals("trigger-phrases")).singleElement()
        .satisfies(f -> assertThat(f.explanation()).contains("act now", "click here"));
    assertThat(report.spammy()).isTrue();
  }

  @Test
  void aTruncatedMultipartIsBrokenMimeAndAMailtoOnlyUnsubscribeIsNotOneClick() throws Exception {
    LintReport report = lint("broken.eml");

    assertThat(report.findings()).extracting(LintFinding::rule)
        .containsExactlyInAnyOrder("broken-mime", "no-one-click-unsubscribe");
    assertThat(report.spammy()).isFalse();
  }

  @Test
  void anOversizedMessageWithoutFromIsFlagged() throws Exception {
    String header = "Subject: big\r\nDate: Mon, 02 Mar 2026 10:00:00 +0000\r\nMessage-ID: <big@acme.test>\r\n"
        + "List-Unsubscribe: <https://acme.test/u>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n\r\n";
    byte[] line = new byte[1000];
    Arrays.fill(line, (byte) 'a');
    line[998] = '\r';
    line[999] = '\n';
    InputStream body = new InputStream() {
      private long left = 11_000_000;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) return -1;
        int n = (int) Math.min(len, left);
        for (int i = 0; i < n; i++) b[off + i] = line[(int) ((11_000_000 - left + i) % line.length)];
        left -= n;
        return n;
      }
    };

    LintReport report = linter.lint(new SequenceInputStream(
        new ByteArrayInputStream(header.getBytes(StandardCharsets.US_ASCII)), body));

    assertThat(report.findings()).extracting(LintFinding::rule).containsExactlyInAnyOrder("missing-from", "oversized");
  }
}
