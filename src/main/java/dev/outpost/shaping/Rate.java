package dev.outpost.shaping;

import java.time.Duration;
import java.util.Locale;

/**
 * A message rate: at most {@code messages} in any window of {@code window}, written
 * {@code "10/s"}, {@code "600/min"} or {@code "3600/h"}. {@link #UNLIMITED} has no window.
 */
public record Rate(int messages, Duration window) {
  /** Caps the sliding window's memory: it keeps one timestamp per message in the window. */
  public static final int MAX_MESSAGES = 100_000;
  public static final Rate UNLIMITED = new Rate(0, Duration.ZERO);

  public Rate {
    if (messages < 0 || messages > MAX_MESSAGES) {
      throw new IllegalArgumentException("a rate allows 1-" + MAX_MESSAGES + " messages per window, got " + messages);
    }
    if (messages > 0 && !window.isPositive()) throw new IllegalArgumentException("a rate needs a positive window");
  }

  public boolean limited() {
    return messages > 0;
  }

  /** Parses {@code "N/s"}, {@code "N/min"}, {@code "N/h"} or {@code "unlimited"}. */
  public static Rate parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.equals("unlimited")) return UNLIMITED;
    int slash = s.indexOf('/');
    if (slash <= 0) throw new IllegalArgumentException(usage(text));
    int count;
    try {
      count = Integer.parseInt(s.substring(0, slash).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(usage(text));
    }
    Duration window = switch (s.substring(slash + 1).trim()) {
      case "s", "sec", "second" -> Duration.ofSeconds(1);
      case "min", "minute" -> Duration.ofMinutes(1);
      case "h", "hour" -> Duration.ofHours(1);
      default -> throw new IllegalArgumentException(usage(text));
    };
    if (count < 1 || count > MAX_MESSAGES) {
      throw new IllegalArgumentException("the count in \"" + text + "\" must be 1-" + MAX_MESSAGES
          + " (use a shorter window for more)");
    }
    return new Rate(count, window);
  }

  private static String usage(String text) {
    return "\"" + text + "\" is not a rate; write \"10/s\", \"600/min\", \"3600/h\" or \"unlimited\"";
  }

  @Override
  public String toString() {
    if (!limited()) return "unlimited";
    long s = window.toSeconds();
    return messages + "/" + (s == 3600 ? "h" : s == 60 ? "min" : s == 1 ? "s" : s + "s");
  }
}
