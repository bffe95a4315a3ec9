package dev.outpost.reputation;

import java.util.List;

/** Every finding of one message's lint, in the order found. */
public record LintReport(List<LintFinding> findings) {

  public LintReport {
    findings = List.copyOf(findings);
  }

  public double total() {
    return findings.stream().mapToDouble(LintFinding::score).sum();
  }

  public boolean has(String rule) {
    return findings.stream().anyMatch(f -> f.rule().equals(rule));
  }
}
