package dev.outpost.reputation;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules on the links: URL shorteners, which hide the destination and are shared with spammers,
 * and link domains on DNS-based URI blocklists ({@code [reputation] uribl_zones}), which is
 * how receivers judge a message by where it sends its reader.
 */
final class LinkRules {
  private static final Pattern URL = Pattern.compile("(?i)https?://([a-z0-9.-]+)");
  private static final Set<String> SHORTENERS = Set.of(
      "bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "buff.ly", "rebrand.ly", "cutt.ly", "shorturl.at",
      "tiny.cc", "bl.ink", "t.ly", "rb.gy", "s.id", "v.gd", "lnkd.in", "shorte.st", "adf.ly", "bitly.com", "x.co");
  /** Lookups per message are bounded, so a message stuffed with links cannot stall the lint. */
  static final int MAX_DOMAINS_CHECKED = 20;

  private final BlocklistLookup lookup;
  private final List<String> zones;

  LinkRules(BlocklistLookup lookup, List<String> zones) {
    this.lookup = lookup;
    this.zones = List.copyOf(zones);
  }

  void check(LintedMessage m, List<LintFinding> out) {
    Set<String> hosts = new LinkedHashSet<>();
    for (String text : m.plainTexts()) hosts.addAll(hosts(text));
    for (String html : m.htmls()) hosts.addAll(hosts(html));
    Set<String> domains = new LinkedHashSet<>();
    for (String host : hosts) {
      if (SHORTENERS.contains(host)) {
        out.add(new LintFinding("url-shortener", 2.0, "links through the shortener " + host + ": link to your own"
            + " domain instead"));
      }
      domains.add(OrganizationalDomain.of(host));
    }
    int checked = 0;
    for (String domain : domains) {
      if (checked++ == MAX_DOMAINS_CHECKED) break;
      for (String zone : zones) uribl(domain, zone, out);
    }
  }

  private void uribl(String domain, String zone, List<LintFinding> out) {
    switch (lookup.domain(domain, zone)) {
      case BlocklistAnswer.Listed l -> out.add(new LintFinding("uribl-listed", 5.0, "links to " + domain
          + ", which " + zone + " lists (" + l.describe() + ")"));
      case BlocklistAnswer.Error e -> out.add(new LintFinding("uribl-unchecked", 0.0, "could not check " + domain
          + " on " + zone + ": " + e.reason()));
      case BlocklistAnswer.NotListed n -> { }
    }
  }

  static Set<String> hosts(String text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher matcher = URL.matcher(text);
    while (matcher.find()) {
      String host = matcher.group(1).toLowerCase(Locale.ROOT);
      while (host.endsWith(".")) host = host.substring(0, host.length() - 1);
      if (host.contains(".")) out.add(host);
    }
    return out;
  }
}
