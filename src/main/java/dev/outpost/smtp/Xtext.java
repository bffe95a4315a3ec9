package dev.outpost.smtp;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * RFC 3461 §4 xtext, used by ENVID and ORCPT: printable ASCII, with '+', '=' and anything else
 * written as "+HH". Decoded values never contain controls or spaces, so they are safe to copy into
 * DSN header fields.
 */
public final class Xtext {
  private Xtext() {}

  /**
   * The decoded text, or null when the input is not valid xtext, decodes to a control, or has
   * "+HH" octets that are not UTF-8 (the encoding {@link #encode} writes).
   */
  public static String decode(String xtext) {
    StringBuilder out = new StringBuilder(xtext.length());
    byte[] octets = new byte[xtext.length() / 3];
    int pending = 0;
    for (int i = 0; i < xtext.length(); i++) {
      char c = xtext.charAt(i);
      if (c == '+') {
        if (i + 2 >= xtext.length()) return null;
        int high = hexDigit(xtext.charAt(i + 1));
        int low = hexDigit(xtext.charAt(i + 2));
        if (high < 0 || low < 0) return null;
        int decoded = high << 4 | low;
        if (decoded < 0x21 || decoded == 0x7f) return null;
        octets[pending++] = (byte) decoded;
        i += 2;
      } else if (c < 0x21 || c == '=' || c == 0x7f) {
        return null;
      } else {
        if (pending > 0 && !appendUtf8(out, octets, pending)) return null;
        pending = 0;
        out.append(c);
      }
    }
    if (pending > 0 && !appendUtf8(out, octets, pending)) return null;
    return out.toString();
  }

  /** Upper-case hex only, as RFC 3461 writes it; -1 for anything else. */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  /** Appends the octets as UTF-8; false when they are not UTF-8 or decode to a C1 control or line break. */
  private static boolean appendUtf8(StringBuilder out, byte[] octets, int length) {
    CharBuffer text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(octets, 0, length));
    } catch (CharacterCodingException e) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') return false;
    }
    out.append(text);
    return true;
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
