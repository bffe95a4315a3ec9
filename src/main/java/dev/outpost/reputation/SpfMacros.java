package dev.outpost.reputation;

import dev.outpost.reputation.SpfEvaluator.SpfError;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * RFC 7208 section 7 macros in a domain-spec: the letters {@code s l o d i v h} and the escapes
 * {@code %% %_ %-}. Transformers (digits, {@code r}, delimiters) are rare in published records
 * and are reported as not supported rather than guessed at.
 */
final class SpfMacros {
  private static final String LOCAL_PART = "postmaster";

  private SpfMacros() {}

  static String expand(String spec, InetAddress ip, String senderDomain, String domain) throws SpfError {
    if (spec.indexOf('%') < 0) return spec.toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < spec.length(); i++) {
      char c = spec.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i + 1 >= spec.length()) throw bad(spec);
      char next = spec.charAt(++i);
      switch (next) {
        case '%' -> out.append('%');
        case '_' -> out.append(' ');
        case '-' -> out.append("%20");
        case '{' -> {
          int close = spec.indexOf('}', i);
          if (close != i + 2) throw new SpfError(SpfResult.PERMERROR, "the macro in \"" + spec
              + "\" uses transformers, which this check does not evaluate");
          out.append(letter(Character.toLowerCase(spec.charAt(i + 1)), ip, senderDomain, domain, spec));
          i = close;
        }
        default -> throw bad(spec);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  private static String letter(char letter, InetAddress ip, String senderDomain, String domain, String spec)
      throws SpfError {
    return switch (letter) {
      case 's' -> LOCAL_PART + "@" + senderDomain;
      case 'l' -> LOCAL_PART;
      case 'o', 'h' -> senderDomain;
      case 'd' -> domain;
      case 'i' -> dotted(ip);
      case 'v' -> ip instanceof Inet6Address ? "ip6" : "in-addr";
      default -> throw bad(spec);
    };
  }

  /** IPv4 as usual; IPv6 as 32 dot-separated nibbles (RFC 7208 7.3). */
  static String dotted(InetAddress ip) {
    if (!(ip instanceof Inet6Address)) return ip.getHostAddress();
    StringBuilder out = new StringBuilder();
    for (byte b : ip.getAddress()) {
      if (!out.isEmpty()) out.append('.');
      out.append(Character.forDigit((b >> 4) & 0xf, 16)).append('.').append(Character.forDigit(b & 0xf, 16));
    }
    return out.toString();
  }

  private static SpfError bad(String spec) {
    return new SpfError(SpfResult.PERMERROR, "\"" + spec + "\" has a malformed macro");
  }
}
