package dev.outpost.shaping;

import java.util.List;
import java.util.Locale;

/**
 * A provider: its name, the MX host names that identify it, and its limits per source IP.
 * A pattern is a host name ({@code mx.example.com}) or {@code *.example.com}, which matches the
 * name's subdomains and the name itself.
 */
public record SiteProfile(String name, List<String> mxPatterns, SiteLimits limits) {

  public SiteProfile {
    mxPatterns = mxPatterns.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
  }

  /** {@code host} lower case, without a trailing dot. */
  public boolean matches(String host) {
    for (String pattern : mxPatterns) {
      if (pattern.startsWith("*.")) {
        String suffix = pattern.substring(1);
        if (host.endsWith(suffix) || host.equals(pattern.substring(2))) return true;
      } else if (host.equals(pattern)) {
        return true;
      }
    }
    return false;
  }

  public SiteProfile withLimits(SiteLimits l) {
    return new SiteProfile(name, mxPatterns, l);
  }
}
