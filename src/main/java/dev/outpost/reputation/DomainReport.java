package dev.outpost.reputation;

import java.util.List;

/** Every check of one sending domain, in the order they were made. */
public record DomainReport(String domain, List<CheckResult> results) {

  public DomainReport {
    results = List.copyOf(results);
  }

  /** The worst verdict of all checks; PASS for none. */
  public Verdict verdict() {
    Verdict worst = Verdict.PASS;
    for (CheckResult r : results) worst = worst.worse(r.verdict());
    return worst;
  }
}
