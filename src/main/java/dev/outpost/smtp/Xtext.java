package dev.outpost.smtp;

import java.nio.charset.StandardCharsets;

/**
 * RFC 3461 §4 xtext, used by ENVID and ORCPT: printable ASCII, with '+', '=' and anything else
 * written as "+HH". Decoded values never contain controls or spaces, so they are safe to copy into
 * DSN header fields.
 */
public final class Xtext {
  private Xtext() {}

  /** The decoded text, or null when the input is not valid xtext or decodes to a control. */
  public static String decode(String xtext) {
    StringBuilder out = new StringBuilder(xtext.length());
    for (int i = 0; i < xtext.length(); i++) {
      char c = xtext.charAt(i);
      if (c == '+') {
        if (i + 2 >= xtext.length()) return null;
        String hex = xtext.substring(i + 1, i + 3);
        if (!hex.matches("[0-9A-F]{2}")) return null;
        int decoded = Integer.parseInt(hex, 16);
        if (decoded < 0x21 || decoded == 0x7f) return null;
        out.append((char) decoded);
        i += 2;
      } else if (c < 0x21 || c == '=' || c == 0x7f) {
        return null;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Encodes text as xtext; non-ASCII characters are written as their UTF-8 octets. */
  public static String encode(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int octet = b & 0xff;
      if (octet < 0x21 || octet > 0x7e || octet == '+' || octet == '=') {
        out.append('+').append(Character.toUpperCase(Character.forDigit(octet >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(octet & 0xf, 16)));
      } else {
        out.append((char) octet);
      }
    }
    return out.toString();
  }
}
