package dev.outpost.shaping;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the site of a recipient domain from its MX host names: the first profile one of the
 * hosts matches (best host first), else the registered domain of the best host, so that every
 * domain hosted by one unknown provider still shares one bucket. A domain without MX records
 * (delivered to its own address) is its own site.
 *
 * <p>The registered domain is approximated without the public suffix list: the last two labels,
 * or three under the common second-level suffixes of country domains ({@code co.uk},
 * {@code com.au}, ...). A wrong guess only merges or splits buckets of unknown sites.
 */
public final class SiteResolver {
  private static final Set<String> SECOND_LEVEL = Set.of("co", "com", "net", "org", "ac", "gov", "edu", "ne",
      "or", "go", "gen", "ltd", "plc", "biz", "info");

  private final SiteProfiles profiles;

  public SiteResolver(SiteProfiles profiles) {
    this.profiles = profiles;
  }

  /**
   * @param domain the recipient domain, lower case
   * @param mxHosts its MX host names, best first; the domain itself when it has no MX
   */
  public Site siteFor(String domain, List<String> mxHosts) {
    for (String raw : mxHosts) {
      String host = normalize(raw);
      for (SiteProfile p : profiles.sites()) {
        if (p.matches(host)) return new Site(p.name(), p.limits());
      }
    }
    if (mxHosts.isEmpty()) return new Site(domain, profiles.defaults());
    String best = normalize(mxHosts.getFirst());
    if (best.equals(domain)) return new Site(domain, profiles.defaults());
    return new Site(registeredDomain(best), profiles.defaults());
  }

  static String registeredDomain(String host) {
    String[] labels = host.split("\\.");
    if (labels.length <= 2) return host;
    int keep = labels[labels.length - 1].length() == 2 && SECOND_LEVEL.contains(labels[labels.length - 2]) ? 3 : 2;
    if (labels.length <= keep) return host;
    return String.join(".", List.of(labels).subList(labels.length - keep, labels.length));
  }

  private static String normalize(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /** A site: its name and limits per source IP. */
  public record Site(String name, SiteLimits limits) {}
}
