package dev.outpost.dkim;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Domain and selector names as they appear in the key directory and in {@code d=} and
 * {@code s=}: lower case, A-labels, letters, digits and hyphens between dots. Checking them here
 * also keeps a name from reaching outside the key directory ({@code ..}, {@code /}).
 */
final class KeyNames {
  private static final Pattern LABELS =
      Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");

  private KeyNames() {}

  static String domain(String name) {
    String ascii;
    try {
      ascii = IDN.toASCII(stripDot(name), IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new DkimKeyException("\"" + name + "\" is not a valid domain name");
    }
    if (ascii.length() > 253 || !LABELS.matcher(ascii).matches()) {
      throw new DkimKeyException("\"" + name + "\" is not a valid domain name");
    }
    return ascii;
  }

  static String selector(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.length() > 63 || !LABELS.matcher(lower).matches()) {
      throw new DkimKeyException("\"" + name + "\" is not a valid selector (letters, digits, hyphens and dots)");
    }
    return lower;
  }

  /**
   * The key-directory name of a From domain, or null if it cannot have one. ASCII names, nearly
   * all of them, skip the IDN conversion: this runs for every message received.
   */
  static String lookupKey(String domain) {
    boolean ascii = true;
    for (int i = 0; i < domain.length() && ascii; i++) ascii = domain.charAt(i) < 0x80;
    if (ascii) return stripDot(domain).toLowerCase(Locale.ROOT);
    try {
      return IDN.toASCII(stripDot(domain), IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String stripDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }
}
