package dev.outpost.policy;

import dev.outpost.config.AuthMode;
import dev.outpost.config.RelayConfig;
import dev.outpost.config.RouteConfig;
import dev.outpost.smtp.Replies;
import java.util.List;
import java.util.Locale;

/**
 * Never an open relay: clients in the trusted networks and authenticated clients may send
 * anywhere a route leads; everyone else may send only to the local domains. The domain judged is the one mail would be routed to
 * (the part after the last unquoted '@', source routes already dropped by the parser), so tricks
 * such as {@code user%other@local} or {@code "user@other"@local} stay local.
 */
public final class RelayPolicy implements SessionPolicy {
  private final RelayConfig relay;
  private final List<RouteConfig> routes;
  private final String hostname;

  public RelayPolicy(RelayConfig relay, List<RouteConfig> routes, String hostname) {
    this.relay = relay;
    this.routes = List.copyOf(routes);
    this.hostname = hostname.toLowerCase(Locale.ROOT);
  }

  @Override
  public Decision checkSender(SessionFacts facts, String sender) {
    if (facts.listenerAuth() == AuthMode.REQUIRED && !facts.trusted() && !facts.authenticated()) {
      return new Decision.Reject(Replies.AUTH_REQUIRED);
    }
    return Decision.ACCEPT;
  }

  @Override
  public Decision checkRecipient(SessionFacts facts, String recipient) {
    String domain = domainOf(recipient);
    if (isPostmaster(recipient, domain)) return Decision.ACCEPT;
    boolean local = relay.localDomains().contains(domain);
    if (!facts.trusted() && !facts.authenticated() && !local) {
      return new Decision.Reject(facts.listenerAuth() == AuthMode.REQUIRED ? Replies.AUTH_REQUIRED : Replies.RELAY_DENIED);
    }
    for (RouteConfig route : routes) {
      if (route.matches(domain)) return Decision.ACCEPT;
    }
    return new Decision.Reject(Replies.noRoute(domain));
  }

  /** RFC 5321 §4.5.1: mail to the postmaster is always accepted, bare or at this host. */
  private boolean isPostmaster(String recipient, String domain) {
    int at = recipient.lastIndexOf('@');
    String local = at < 0 ? recipient : recipient.substring(0, at);
    if (!local.equalsIgnoreCase("postmaster")) return false;
    return at < 0 || domain.equals(hostname) || relay.localDomains().contains(domain);
  }

  static String domainOf(String address) {
    int at = address.lastIndexOf('@');
    String domain = at < 0 ? "" : address.substring(at + 1);
    if (domain.endsWith(".")) domain = domain.substring(0, domain.length() - 1);
    return domain.toLowerCase(Locale.ROOT);
  }
}
