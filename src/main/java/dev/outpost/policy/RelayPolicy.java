package dev.outpost.policy;

import dev.outpost.config.AuthMode;
import dev.outpost.config.RelayConfig;
import dev.outpost.smtp.Replies;
import dev.outpost.spool.Recipient;
import java.util.Locale;

/**
 * Never an open relay: clients in the trusted networks and authenticated clients may send to any
 * domain (a route's smarthost, or else its MX hosts); everyone else may send only to the local
 * domains. Whether a domain can receive mail is for delivery to find out, not for this check. The
 * domain judged is the one mail would be routed to (the part after the last unquoted '@', source
 * routes already dropped by the parser), so tricks such as {@code user%other@local} or
 * {@code "user@other"@local} stay local.
 */
public final class RelayPolicy implements SessionPolicy {
  private final RelayConfig relay;
  private final String hostname;

  public RelayPolicy(RelayConfig relay, String hostname) {
    this.relay = relay;
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
  public Decision checkRecipient(SessionFacts facts, String recipient, int acceptedSoFar) {
    String domain = Recipient.domainOf(recipient);
    if (isPostmaster(recipient, domain)) return Decision.ACCEPT;
    boolean local = relay.localDomains().contains(domain);
    if (!facts.trusted() && !facts.authenticated() && !local) {
      return new Decision.Reject(facts.listenerAuth() == AuthMode.REQUIRED ? Replies.AUTH_REQUIRED : Replies.RELAY_DENIED);
    }
    return Decision.ACCEPT;
  }

  /** RFC 5321 §4.5.1: mail to the postmaster is always accepted, bare or at this host. */
  private boolean isPostmaster(String recipient, String domain) {
    int at = recipient.lastIndexOf('@');
    String local = at < 0 ? recipient : recipient.substring(0, at);
    if (!local.equalsIgnoreCase("postmaster")) return false;
    return at < 0 || domain.equals(hostname) || relay.localDomains().contains(domain);
  }
}
