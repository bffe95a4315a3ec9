package dev.outpost.reputation;

import java.util.Locale;
import java.util.Set;

/**
 * The organizational domain of RFC 7489 3.2, which relaxed DMARC alignment compares: the public
 * suffix and one label more. Without the full Public Suffix List this knows the two-label
 * suffixes that most senders meet; any other domain is taken to sit under a one-label suffix,
 * so a rare suffix can make two unrelated domains look aligned but never the reverse.
 */
final class OrganizationalDomain {
  private static final Set<String> TWO_LABEL_SUFFIXES = Set.of(
      "co.uk", "org.uk", "ac.uk", "gov.uk", "me.uk", "ltd.uk", "plc.uk",
      "com.au", "net.au", "org.au", "edu.au", "co.nz", "org.nz", "co.za", "co.jp", "ne.jp", "or.jp",
      "com.br", "net.br", "com.mx", "com.ar", "com.cn", "com.tw", "com.hk", "co.in", "co.kr", "com.sg",
      "com.tr", "co.il", "com.pl", "co.id", "com.my", "com.ph", "com.ua", "co.at");

  private OrganizationalDomain() {}

  static String of(String domain) {
    String d = domain.toLowerCase(Locale.ROOT);
    if (d.endsWith(".")) d = d.substring(0, d.length() - 1);
    String[] labels = d.split("\\.");
    if (labels.length <= 2) return d;
    String lastTwo = labels[labels.length - 2] + "." + labels[labels.length - 1];
    int keep = TWO_LABEL_SUFFIXES.contains(lastTwo) ? 3 : 2;
    if (labels.length <= keep) return d;
    return String.join(".", java.util.Arrays.copyOfRange(labels, labels.length - keep, labels.length));
  }

  /** DMARC identifier alignment: the same domain (strict), or the same organizational domain (relaxed). */
  static boolean aligned(String a, String b, boolean strict) {
    String x = a.toLowerCase(Locale.ROOT);
    String y = b.toLowerCase(Locale.ROOT);
    return strict ? x.equals(y) : of(x).equals(of(y));
  }
}
