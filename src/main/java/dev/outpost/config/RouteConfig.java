package dev.outpost.config;

import java.util.List;
import java.util.Locale;

/**
 * {@code [[route]]}: send the mail for these domains to a smarthost instead of their MX.
 * A domain pattern is an exact domain, {@code *.example.com} for its subdomains, or {@code *}.
 *
 * @param pool the {@code [[pool]]} to send from, or null for the sender's pool (or none)
 * @param tls the route's TLS policy, or null for the {@code [[tls_policy]]} of the domain
 */
public record RouteConfig(List<String> domains, String host, int port, String pool, TlsPolicyLevel tls) {

  public RouteConfig {
    domains = domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
  }

  /** A route with no pool of its own and the default TLS policy. */
  public RouteConfig(List<String> domains, String host, int port) {
    this(domains, host, port, null, null);
  }

  public boolean matches(String domain) {
    return matchesAny(domains, domain);
  }

  /** Whether {@code domain} matches one of the lower-case {@code patterns}. */
  static boolean matchesAny(List<String> patterns, String domain) {
    String d = domain.toLowerCase(Locale.ROOT);
    for (String pattern : patterns) {
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
