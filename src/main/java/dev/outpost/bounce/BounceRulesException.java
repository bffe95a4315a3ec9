package dev.outpost.bounce;

import java.util.List;

/**
 * A bounce rules file that cannot be used. It carries every problem found, each located as
 * {@code file:line: rule[3].text: what is wrong}, one per line of the message.
 */
public final class BounceRulesException extends Exception {
  private final List<String> problems;

  public BounceRulesException(List<String> problems) {
    super(String.join("\n", problems));
    if (problems.isEmpty()) throw new IllegalArgumentException("a BounceRulesException needs a problem");
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
