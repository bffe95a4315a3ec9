package dev.outpost.dkim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One header field as it stands in the message, folding included. Text is held as ISO-8859-1 so
 * that every octet, 8-bit ones too, maps to one char and back unchanged.
 *
 * @param name the field name as written, without the colon
 * @param raw the whole field, name to final CRLF
 */
record HeaderField(String name, String raw) {

  String lowerName() {
    return name.trim().toLowerCase(Locale.ROOT);
  }

  /** The value: everything after the first colon, without the final CRLF. */
  String value() {
    String v = raw.substring(raw.indexOf(':') + 1);
    return v.endsWith("\r\n") ? v.substring(0, v.length() - 2) : v;
  }

  /**
   * The fields of a header section, stopping at the empty line that ends it. A line with no
   * colon that is not a continuation is not a field, and no signer may cover it: it is skipped.
   */
  static List<HeaderField> parse(byte[] section) {
    String text = new String(section, StandardCharsets.ISO_8859_1);
    List<HeaderField> fields = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      if (text.startsWith("\r\n", start) || text.charAt(start) == '\n') break;
      int end = lineEnd(text, start);
      while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) end = lineEnd(text, end);
      String raw = text.substring(start, end);
      int colon = raw.indexOf(':');
      if (colon > 0) fields.add(new HeaderField(raw.substring(0, colon), raw));
      start = end;
    }
    return fields;
  }

  private static int lineEnd(String text, int from) {
    int lf = text.indexOf('\n', from);
    return lf < 0 ? text.length() : lf + 1;
  }
}
