package dev.outpost.delivery;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a server offers, from its EHLO reply (RFC 5321 4.1.1.1). A HELO fallback, or a server
 * whose EHLO failed, offers nothing: {@link #NONE}.
 *
 * @param sizeLimit the SIZE limit in octets; 0 when SIZE is offered without a limit or not offered
 * @param keywords every advertised keyword, upper-cased, for logs and later extensions
 */
public record Capabilities(
    boolean pipelining,
    boolean size,
    long sizeLimit,
    boolean eightBitMime,
    boolean smtpUtf8,
    boolean startTls,
    boolean chunking,
    boolean enhancedStatusCodes,
    boolean dsn,
    Set<String> keywords) {

  public static final Capabilities NONE =
      new Capabilities(false, false, 0, false, false, false, false, false, false, Set.of());

  public Capabilities {
    keywords = Set.copyOf(keywords);
  }

  /**
   * Reads the keywords from an EHLO reply. The first line is the server's greeting name; each
   * following line is {@code KEYWORD [params]}. Unknown keywords are kept in {@link #keywords}.
   */
  public static Capabilities fromEhlo(SmtpReply reply) {
    if (!reply.isPositive()) return NONE;
    boolean pipelining = false, size = false, eightBit = false, utf8 = false, tls = false;
    boolean chunking = false, enhanced = false, dsn = false;
    long limit = 0;
    Set<String> keywords = new TreeSet<>();
    // Line 1 is the server's name, not a keyword.
    for (int i = 1; i < reply.lines().size(); i++) {
      String[] words = reply.lines().get(i).trim().split("[ =]+");
      if (words.length == 0 || words[0].isEmpty()) continue;
      String keyword = words[0].toUpperCase(Locale.ROOT);
      keywords.add(keyword);
      switch (keyword) {
        case "PIPELINING" -> pipelining = true;
        case "SIZE" -> {
          size = true;
          limit = words.length > 1 ? parseLimit(words[1]) : 0;
        }
        case "8BITMIME" -> eightBit = true;
        case "SMTPUTF8" -> utf8 = true;
        case "STARTTLS" -> tls = true;
        case "CHUNKING" -> chunking = true;
        case "ENHANCEDSTATUSCODES" -> enhanced = true;
        case "DSN" -> dsn = true;
        default -> { }
      }
    }
    return new Capabilities(pipelining, size, limit, eightBit, utf8, tls, chunking, enhanced, dsn, keywords);
  }

  /** True when a message of {@code octets} exceeds the advertised limit. */
  public boolean tooLarge(long octets) {
    return size && sizeLimit > 0 && octets > sizeLimit;
  }

  private static long parseLimit(String text) {
    try {
      return Math.max(0, Long.parseLong(text));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
