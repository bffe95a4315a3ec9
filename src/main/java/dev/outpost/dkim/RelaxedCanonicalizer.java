package dev.outpost.dkim;

/**
 * The "relaxed" header canonicalisation of RFC 6376 §3.4.2: name in lower case, value unfolded,
 * runs of spaces and tabs made one space, none at either end of the value, none around the colon.
 */
final class RelaxedCanonicalizer {
  private RelaxedCanonicalizer() {}

  /** {@code name:value} followed by CRLF. */
  static String header(HeaderField field) {
    return header(field.lowerName(), field.value()) + "\r\n";
  }

  /** {@code name:value} without CRLF, as the DKIM-Signature field itself is hashed (§3.7). */
  static String header(String lowerName, String value) {
    StringBuilder out = new StringBuilder(lowerName.length() + value.length() + 1).append(lowerName).append(':');
    int start = out.length();
    boolean space = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n') continue;
      if (c == ' ' || c == '\t') {
        space = true;
        continue;
      }
      if (space && out.length() > start) out.append(' ');
      space = false;
      out.append(c);
    }
    return out.toString();
  }
}
