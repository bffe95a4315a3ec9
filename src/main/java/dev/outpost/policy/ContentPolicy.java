package dev.outpost.policy;

import dev.outpost.config.DnsConfig;
import dev.outpost.config.ReputationConfig;
import dev.outpost.config.ReputationConfig.ContentCheck;
import dev.outpost.reputation.BlocklistLookup;
import dev.outpost.reputation.ContentLinter;
import dev.outpost.reputation.LintFinding;
import dev.outpost.reputation.LintReport;
import dev.outpost.reputation.ReputationDns;
import dev.outpost.smtp.Replies;
import dev.outpost.smtp.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content lint applied before a message is queued ({@code [reputation] content_check}): a
 * message that a stock spam filter would likely hold is logged, or refused with 550 5.7.1 naming
 * the findings that weigh most, so the sender can fix the letter rather than lose its reputation.
 */
public final class ContentPolicy {
  private static final Logger LOG = LoggerFactory.getLogger("outpost.content");
  private static final int FINDINGS_NAMED = 3;

  private final ContentLinter linter;
  private final ContentCheck mode;

  private ContentPolicy(ContentLinter linter, ContentCheck mode) {
    this.linter = linter;
    this.mode = mode;
  }

  /** The policy of this configuration, or null when the check is off. */
  public static ContentPolicy of(ReputationConfig reputation, DnsConfig dns) {
    if (reputation.contentCheck() == ContentCheck.OFF) return null;
    var linter = new ContentLinter(new BlocklistLookup(new ReputationDns(dns)), reputation.uriblZones());
    return new ContentPolicy(linter, reputation.contentCheck());
  }

  /** Lints the message; returns the refusal to send, or null to go on. */
  public Reply check(InputStream message, String queueId) throws IOException {
    LintReport report = linter.lint(message);
    if (!report.spammy()) return null;
    String findings = report.findings().stream()
        .sorted(Comparator.comparingDouble(LintFinding::score).reversed())
        .limit(FINDINGS_NAMED)
        .map(LintFinding::explanation)
        .collect(Collectors.joining("; "));
    LOG.warn("{}: content scores {} (threshold {}): {}", queueId, String.format("%.1f", report.total()),
        LintReport.SPAM_THRESHOLD, findings);
    return mode == ContentCheck.REJECT ? Replies.contentRejected(report.total(), findings) : null;
  }
}
