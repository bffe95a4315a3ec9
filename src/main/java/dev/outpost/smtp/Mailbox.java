package dev.outpost.smtp;

import java.util.regex.Pattern;

/**
 * Syntax of RFC 5321 §4.1.2 paths and mailboxes, extended by RFC 6531 to UTF-8. Source routes
 * ({@code <@a,@b:user@c>}) are accepted and dropped, as §C of RFC 5321 allows, so routing and the
 * relay check both see only the final mailbox.
 */
public final class Mailbox {
  private static final Pattern ATOM = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\-\\x{80}-\\x{10FFFF}]+");
  private static final Pattern LABEL =
      Pattern.compile("[A-Za-z0-9\\x{80}-\\x{10FFFF}]([A-Za-z0-9\\x{80}-\\x{10FFFF}-]*[A-Za-z0-9\\x{80}-\\x{10FFFF}])?");
  private static final Pattern ROUTE_DOMAIN = Pattern.compile("@[^,:@]+");

  private Mailbox() {}

  /**
   * Parses {@code <...>} and returns the mailbox inside. For a recipient, the bare
   * {@code <Postmaster>} (any case) is allowed, as §4.5.1 requires.
   */
  static String parsePath(String path, boolean recipient) throws SyntaxException {
    if (!path.startsWith("<") || !path.endsWith(">")) throw new SyntaxException(true, "address must be in <>");
    String inner = path.substring(1, path.length() - 1);
    if (inner.startsWith("@")) inner = dropSourceRoute(inner);
    if (recipient && inner.equalsIgnoreCase("postmaster")) return inner;
    int at = lastAtOutsideQuotes(inner);
    if (at <= 0) throw new SyntaxException(true, "expected local-part@domain");
    String local = inner.substring(0, at);
    String domain = inner.substring(at + 1);
    checkLocalPart(local);
    checkDomain(domain);
    if (utf8Length(inner) > 254) throw new SyntaxException(true, "address longer than 254 octets");
    return inner;
  }

  /**
   * Checks an address given outside SMTP (the HTTP API, a campaign's recipients) by the rules of
   * a MAIL FROM path, so that whatever is accepted there can be carried in SMTP.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static String check(String address) {
    if (address.startsWith("@")) throw new IllegalArgumentException("source routes are not accepted here");
    try {
      return parsePath("<" + address + ">", false);
    } catch (SyntaxException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  private static String dropSourceRoute(String inner) throws SyntaxException {
    int colon = inner.indexOf(':');
    if (colon < 0) throw new SyntaxException(true, "source route without ':'");
    for (String hop : inner.substring(0, colon).split(",", -1)) {
      if (!ROUTE_DOMAIN.matcher(hop).matches()) throw new SyntaxException(true, "bad source route");
      checkDomain(hop.substring(1));
    }
    return inner.substring(colon + 1);
  }

  private static int lastAtOutsideQuotes(String s) {
    boolean quoted = false;
    int at = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '@' && !quoted) {
        if (at >= 0) return -1;
        at = i;
      }
    }
    return quoted ? -1 : at;
  }

  private static void checkLocalPart(String local) throws SyntaxException {
    if (utf8Length(local) > 64) throw new SyntaxException(true, "local part longer than 64 octets");
    if (local.startsWith("\"")) {
      if (local.length() < 2 || !local.endsWith("\"")) throw new SyntaxException(true, "unterminated quoted local part");
      String body = local.substring(1, local.length() - 1);
      for (int i = 0; i < body.length(); i++) {
        char c = body.charAt(i);
        if (c == '\\') {
          if (++i >= body.length() || body.charAt(i) < 0x20 || body.charAt(i) > 0x7e) {
            throw new SyntaxException(true, "bad quoted pair in local part");
          }
        } else if (c < 0x20 || c == 0x7f || c == '"') {
          throw new SyntaxException(true, "bad character in quoted local part");
        }
      }
      return;
    }
    for (String atom : local.split("\\.", -1)) {
      if (!ATOM.matcher(atom).matches()) throw new SyntaxException(true, "bad local part \"" + local + "\"");
    }
  }

  private static void checkDomain(String domain) throws SyntaxException {
    if (domain.startsWith("[")) {
      if (!domain.endsWith("]") || !AddressLiteral.isValid(domain.substring(1, domain.length() - 1))) {
        throw new SyntaxException(true, "bad address literal " + domain);
      }
      return;
    }
    // DNS limits a name's A-label (punycode) form, which no UTF-8 count tells; a character count
    // is the close bound, and the address as a whole is still held to its 254 octets.
    if (domain.isEmpty() || domain.length() > 253) throw new SyntaxException(true, "bad domain \"" + domain + "\"");
    for (String label : domain.split("\\.", -1)) {
      if (label.length() > 63 || !LABEL.matcher(label).matches()) {
        throw new SyntaxException(true, "bad domain \"" + domain + "\"");
      }
    }
  }

  /**
   * The length in octets as the address travels under SMTPUTF8: RFC 5321's limits are in
   * octets, and a non-ASCII character takes two to four of them.
   */
  static int utf8Length(String s) {
    int octets = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        octets++;
      } else if (c < 0x800) {
        octets += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        octets += 4;
        i++;
      } else {
        octets += 3;
      }
    }
    return octets;
  }

  /** Whether the address needs SMTPUTF8 to be carried (RFC 6531). */
  public static boolean isNonAscii(String address) {
    for (int i = 0; i < address.length(); i++) {
      if (address.charAt(i) > 0x7f) return true;
    }
    return false;
  }
}
