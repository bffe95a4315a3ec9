package dev.outpost.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as written in config: plain bytes, or a number with a decimal ({@code KB}, {@code MB},
 * {@code GB}: powers of 1000) or binary unit ({@code KiB}, {@code MiB}, {@code GiB}: powers of
 * 1024), as the units are defined by IEC 80000-13, so that "50MB" means what it says.
 */
public final class SizeFormat {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-zA-Z]*)");

  private SizeFormat() {}

  public static long parse(String text) {
    Matcher m = SIZE.matcher(text.trim());
    Long unit = m.matches() ? unit(m.group(2)) : null;
    if (unit == null) {
      throw new IllegalArgumentException("\"" + text + "\" is not a size; write bytes or a number and a unit"
          + " (KB, MB, GB, KiB, MiB, GiB), e.g. \"50MB\"");
    }
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("\"" + text + "\" is too large a size");
    }
  }

  private static Long unit(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "", "b" -> 1L;
      case "kb" -> 1000L;
      case "mb" -> 1000L * 1000;
      case "gb" -> 1000L * 1000 * 1000;
      case "kib" -> 1024L;
      case "mib" -> 1024L * 1024;
      case "gib" -> 1024L * 1024 * 1024;
      default -> null;
    };
  }
}
