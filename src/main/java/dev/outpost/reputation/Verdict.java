package dev.outpost.reputation;

/** How one check came out, from best to worst; a report is as bad as its worst check. */
public enum Verdict {
  PASS,
  WARN,
  FAIL;

  public Verdict worse(Verdict other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
