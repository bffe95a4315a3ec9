package dev.outpost.reputation;

import java.util.List;

/** Every finding of one message's lint, in the order found. */
public record LintReport(List<LintFinding> findings) {
  /** SpamAssassin's default: a message scoring this much is spam to a stock filter. */
  public static final double SPAM_THRESHOLD = 5.0;

  public LintReport {
    findings = List.copyOf(findings);
  }

  public double total() {
    return findings.stream().mapToDouble(LintFinding::score).sum();
  }

  public boolean spammy() {
    return total() >= SPAM_THRESHOLD;
  }

  public boolean has(String rule) {
    return findings.stream().anyMatch(f -> f.rule().equals(rule));
  }
}
