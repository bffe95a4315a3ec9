package dev.outpost.policy;

import dev.outpost.config.DnsConfig;
import dev.outpost.config.ReputationConfig;
import dev.outpost.config.ReputationConfig.ContentCheck;
import dev.outpost.reputation.BlocklistLookup;
import dev.outpost.reputation.ContentLinter;
import dev.outpost.reputation.LintFinding;
import dev.outpost.reputation.LintReport;
import dev.outpost.reputation.ReputationDns;
import dev.outpost.reputation.SpamdClient;
import dev.outpost.smtp.Replies;
import dev.outpost.smtp.Reply;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content check before a message is queued ({@code [reputation] content_check}): Outpost's
 * own lint, then SpamAssassin's spamd when one is configured. A message a spam filter would hold
 * is logged, or refused with 550 5.7.1 naming what weighs most, so the sender can fix the letter
 * rather than lose its reputation.
 */
public final class ContentPolicy {
  private static final Logger LOG = LoggerFactory.getLogger("outpost.content");
  private static final int FINDINGS_NAMED = 3;

  private static final Duration SPAMD_TIMEOUT = Duration.ofSeconds(10);

  private final ContentLinter linter;
  private final SpamdClient spamd;
  private final ContentCheck mode;

  private ContentPolicy(ContentLinter linter, SpamdClient spamd, ContentCheck mode) {
    this.linter = linter;
    this.spamd = spamd;
    this.mode = mode;
  }

  /** The policy of this configuration, or null when the check is off. */
  public static ContentPolicy of(ReputationConfig reputation, DnsConfig dns) {
    if (reputation.contentCheck() == ContentCheck.OFF) return null;
    var linter = new ContentLinter(new BlocklistLookup(new ReputationDns(dns)), reputation.uriblZones());
    var spamd = reputation.spamd() == null ? null : new SpamdClient(reputation.spamd(), SPAMD_TIMEOUT);
    return new ContentPolicy(linter, spamd, reputation.contentCheck());
  }

  /** Lints the message, and asks spamd when configured; returns the refusal to send, or null to go on. */
  public Reply check(byte[] message, String queueId) throws IOException {
    LintReport report = linter.lint(new ByteArrayInputStream(message));
    if (report.spammy()) {
      String findings = report.findings().stream()
          .sorted(Comparator.comparingDouble(LintFinding::score).reversed())
          .limit(FINDINGS_NAMED)
          .map(LintFinding::explanation)
          .collect(Collectors.joining("; "));
      return verdict(queueId, report.total(), findings);
    }
    if (spamd == null) return null;
    SpamdClient.Verdict verdict;
    try {
      verdict = spamd.check(message);
    } catch (IOException e) {
      // A spam filter that is down must not stop the mail: the lint above still ran.
      LOG.warn("{}: spamd could not be asked, message accepted on the lint alone: {}", queueId, e.getMessage());
      return null;
    }
    if (!verdict.spam()) return null;
    return verdict(queueId, verdict.score(), "SpamAssassin rules " + String.join(", ", verdict.rules()));
  }

  private Reply verdict(String queueId, double score, String findings) {
    LOG.warn("{}: content scores {} (threshold {}): {}", queueId, String.format("%.1f", score),
        LintReport.SPAM_THRESHOLD, findings);
    return mode == ContentCheck.REJECT ? Replies.contentRejected(score, findings) : null;
  }
}
