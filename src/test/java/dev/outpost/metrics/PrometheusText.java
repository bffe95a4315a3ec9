package dev.outpost.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of a Prometheus text exposition, as a scraper reads them: {@code name{labels} value}
 * lines, comments skipped. Looks samples up by name and some of their labels, in any order.
 */
final class PrometheusText {
  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  record Sample(String name, Map<String, String> labels, double value) {}

  private final String text;
  private final List<Sample> samples = new ArrayList<>();

  PrometheusText(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) throw new IllegalArgumentException("not a sample line: " + line);
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) labels.put(l.group(1), l.group(2));
      }
      samples.add(new Sample(m.group(1), labels, number(m.group(3))));
    }
  }

  private static double number(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  /**
   * The value of the one sample named {@code name} whose labels include {@code labels} (name,
   * value, name, value, ...); fails when there is none or more than one.
   */
  double value(String name, String... labels) {
    List<Sample> found = matching(name, labels);
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " samples " + name + " with " + List.of(labels) + " in:\n" + text);
    }
    return found.getFirst().value();
  }

  /** The sum of every sample named {@code name} whose labels include {@code labels}; 0 if none. */
  double sum(String name, String... labels) {
    return matching(name, labels).stream().mapToDouble(Sample::value).sum();
  }

  boolean has(String name) {
    return samples.stream().anyMatch(s -> s.name().equals(name));
  }

  private List<Sample> matching(String name, String... labels) {
    return samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
      for (int i = 0; i < labels.length; i += 2) {
        if (!labels[i + 1].equals(s.labels().get(labels[i]))) return false;
      }
      return true;
    }).toList();
  }

  @Override
  public String toString() {
    return text;
  }
}
