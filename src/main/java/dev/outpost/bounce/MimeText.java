package dev.outpost.bounce;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The few MIME encodings a DSN needs, written out by hand: they are short, and keeping them here
 * keeps a mail library out of the server's runtime.
 */
final class MimeText {
  /** RFC 5322 3.3 date-time, numeric zone, English names whatever the default locale. */
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final int FOLD_AT = 76;
  private static final int MAX_FIELD = 900;
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private MimeText() {}

  static String date(Instant t) {
    return DATE.format(t);
  }

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7f) return false;
    }
    return true;
  }

  /** Whether bytes can travel as 7bit MIME: no octet above 127, no NUL, no bare CR or LF, lines of at most 998. */
  static boolean isSevenBit(byte[] b, int length) {
    int line = 0;
    for (int i = 0; i < length; i++) {
      int c = b[i] & 0xff;
      if (c == 0 || c > 0x7f) return false;
      if (c == '\r') {
        if (i + 1 >= length || b[i + 1] != '\n') return false;
        i++;
        line = 0;
      } else if (c == '\n') {
        return false;
      } else if (++line > 998) {
        return false;
      }
    }
    return true;
  }

  /**
   * Text as one line of printable ASCII, for fields of the delivery-status part: other
   * characters become '?', and overly long text is cut, since a field line must stay under 998.
   */
  static String printable(String s) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_FIELD));
    for (int i = 0; i < s.length() && out.length() < MAX_FIELD; i++) {
      char c = s.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : c == '\t' ? ' ' : '?');
    }
    return out.toString();
  }

  /** {@code Name: value} folded at spaces near 76 columns, CRLF-terminated. */
  static String field(String name, String value) {
    StringBuilder out = new StringBuilder(name).append(':');
    int column = out.length();
    for (String word : value.split(" ", -1)) {
      if (word.isEmpty()) continue;
      if (column + 1 + word.length() > FOLD_AT && column > name.length() + 1) {
        out.append("\r\n");
        column = 0;
      }
      out.append(' ').append(word);
      column += 1 + word.length();
    }
    return out.append("\r\n").toString();
  }

  /**
   * An address for Final-Recipient or Original-Recipient: {@code rfc822;} with RFC 3461 xtext
   * for an ASCII address, or RFC 6533's {@code utf-8;} form with {@code \x{HEX}} escapes
   * otherwise, both 7-bit.
   */
  static String address(String type, String address) {
    if (isAscii(address)) return type + ";" + xtext(address);
    StringBuilder out = new StringBuilder("utf-8;");
    address.codePoints().forEach(cp -> {
      boolean plain = cp > 0x20 && cp < 0x7f && cp != '+' && cp != '=' && cp != '\\';
      if (plain) out.appendCodePoint(cp);
      else out.append("\\x{").append(Integer.toHexString(cp).toUpperCase(Locale.ROOT)).append('}');
    });
    return out.toString();
  }

  /** RFC 3461 4 xtext: '+', '=' and characters outside '!'..'~' written as "+HH". */
  static String xtext(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c > 0x20 && c < 0x7f && c != '+' && c != '=') out.append((char) c);
      else out.append('+').append(HEX[c >> 4]).append(HEX[c & 15]);
    }
    return out.toString();
  }

  /**
   * RFC 2045 6.7 quoted-printable of text with CRLF line breaks: the breaks stay hard breaks,
   * every other octet outside printable ASCII is encoded, lines are soft-broken before 76.
   */
  static byte[] quotedPrintable(byte[] text, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + length / 8);
    int column = 0;
    for (int i = 0; i < length; i++) {
      int c = text[i] & 0xff;
      if (c == '\r' && i + 1 < length && text[i + 1] == '\n') {
        out.write('\r');
        out.write('\n');
        i++;
        column = 0;
        continue;
      }
      boolean atLineEnd = i + 1 >= length || text[i + 1] == '\r';
      boolean literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !atLineEnd);
      int width = literal ? 1 : 3;
      if (column + width > 75) {
        out.write('=');
        out.write('\r');
        out.write('\n');
        column = 0;
      }
      if (literal) {
        out.write(c);
      } else {
        out.write('=');
        out.write(HEX[c >> 4]);
        out.write(HEX[c & 15]);
      }
      column += width;
    }
    return out.toByteArray();
  }

  /** Plain text wrapped at spaces to {@code width} columns, each line CRLF-terminated, indented by {@code indent}. */
  static String wrap(String text, int width, String indent) {
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder(indent);
    for (String word : text.split(" ")) {
      if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
        out.append(line).append("\r\n");
        line.setLength(0);
        line.append(indent);
      }
      if (line.length() > indent.length()) line.append(' ');
      line.append(word);
    }
    return out.append(line).append("\r\n").toString();
  }
}
