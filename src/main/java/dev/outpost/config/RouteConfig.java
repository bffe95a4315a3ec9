package dev.outpost.config;

import java.util.List;
import java.util.Locale;

/**
 * {@code [[route]]}: send the mail for these domains to a smarthost instead of their MX.
 * A domain pattern is an exact domain, {@code *.example.com} for its subdomains, or {@code *}.
 */
public record RouteConfig(List<String> domains, String host, int port) {

  public RouteConfig {
    domains = domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
  }

  public boolean matches(String domain) {
    String d = domain.toLowerCase(Locale.ROOT);
    for (String pattern : domains) {
      if (pattern.equals("*") || pattern.equals(d)) return true;
      if (pattern.startsWith("*.") && d.endsWith(pattern.substring(1))) return true;
    }
    return false;
  }

  /** The name used for this destination in logs and queue views. */
  public String destination() {
    return HostPort.parse(host.contains(":") ? "[" + host + "]:" + port : host + ":" + port).toString();
  }
}
