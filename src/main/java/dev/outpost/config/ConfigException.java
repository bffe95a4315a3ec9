package dev.outpost.config;

import java.util.List;

/**
 * A configuration that cannot be used. It carries every problem found, not only the first, so
 * that one edit can fix them all; the message has one problem per line.
 */
public final class ConfigException extends Exception {
  private final List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(String.join("\n", problems.stream().map(ConfigProblem::toString).toList()));
    if (problems.isEmpty()) throw new IllegalArgumentException("a ConfigException needs a problem");
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }
}
