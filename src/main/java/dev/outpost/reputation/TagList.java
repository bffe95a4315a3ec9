package dev.outpost.reputation;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code tag=value; tag=value} syntax shared by DKIM key records (RFC 6376 3.2), DMARC
 * (RFC 7489 6.4), MTA-STS (RFC 8461 3.1) and TLS-RPT (RFC 8460 3). Tag names are lower-cased;
 * a repeated tag keeps its first value, as the DKIM and DMARC parsers of receivers do.
 */
final class TagList {
  private TagList() {}

  static Map<String, String> parse(String record) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (String part : record.split(";")) {
      int eq = part.indexOf('=');
      if (eq <= 0) continue;
      String name = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      tags.putIfAbsent(name, part.substring(eq + 1).strip());
    }
    return tags;
  }
}
