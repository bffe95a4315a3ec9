package dev.outpost.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code [[tls_policy]]}: the outbound TLS level for recipient domains. The first policy that
 * matches wins; domains no policy matches are {@link TlsPolicyLevel#OPPORTUNISTIC}.
 *
 * @param caFile PEM certificates to trust for {@code verify} instead of the JDK's trust store,
 *     or null for the JDK's
 */
public record TlsPolicyConfig(List<String> domains, TlsPolicyLevel level, Path caFile) {

  public TlsPolicyConfig {
    domains = domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
  }

  public boolean matches(String domain) {
    return RouteConfig.matchesAny(domains, domain);
  }
}
