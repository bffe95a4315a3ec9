package dev.outpost.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in config: a number and a unit ({@code 250ms}, {@code 30s}, {@code 5m},
 * {@code 2h}, {@code 5d}), or several of them in a row ({@code 1h30m}).
 */
public final class DurationFormat {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private DurationFormat() {}

  public static Duration parse(String text) {
    String s = text.trim();
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      total = total.plus(part(text, m.group(1), m.group(2)));
      end = m.end();
    }
    if (s.isEmpty() || end != s.length()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a duration; write a number and a unit"
          + " (ms, s, m, h, d), e.g. \"30s\" or \"5m\"");
    }
    return total;
  }

  /** The shortest form that {@link #parse} reads back: {@code 30d}, {@code 1h30m}, {@code 250ms}. */
  public static String format(Duration d) {
    if (d.isZero()) return "0s";
    StringBuilder out = new StringBuilder();
    append(out, d.toDays(), "d");
    append(out, d.toHoursPart(), "h");
    append(out, d.toMinutesPart(), "m");
    append(out, d.toSecondsPart(), "s");
    append(out, d.toMillisPart(), "ms");
    return out.toString();
  }

  private static void append(StringBuilder out, long n, String unit) {
    if (n != 0) out.append(n).append(unit);
  }

  private static Duration part(String text, String number, String unit) {
    try {
      long n = Long.parseLong(number);
      return switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("\"" + text + "\" is too long a duration");
    }
  }
}
