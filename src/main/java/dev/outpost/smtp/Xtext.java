package dev.outpost.smtp;

/** RFC 3461 §4 xtext: printable ASCII, with '+' and '=' and controls written as "+HH". */
final class Xtext {
  private Xtext() {}

  /** The decoded text, or null when the input is not valid xtext. */
  static String decode(String xtext) {
    StringBuilder out = new StringBuilder(xtext.length());
    for (int i = 0; i < xtext.length(); i++) {
      char c = xtext.charAt(i);
      if (c == '+') {
        if (i + 2 >= xtext.length()) return null;
        String hex = xtext.substring(i + 1, i + 3);
        if (!hex.matches("[0-9A-F]{2}")) return null;
        out.append((char) Integer.parseInt(hex, 16));
        i += 2;
      } else if ((c < 33 || c == '=' || c == 127)) {
        return null;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
