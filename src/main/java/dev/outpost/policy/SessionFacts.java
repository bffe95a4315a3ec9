package dev.outpost.policy;

import dev.outpost.config.AuthMode;
import java.net.InetAddress;

/**
 * What policy may know about the client when it judges a command.
 *
 * @param clientAddress the peer's IP address
 * @param trusted the address is in {@code relay.trusted_networks}
 * @param listenerAuth the listener's auth mode
 * @param tlsActive the session runs over TLS
 * @param account the account the client authenticated as, or null
 */
public record SessionFacts(
    InetAddress clientAddress, boolean trusted, AuthMode listenerAuth, boolean tlsActive, String account) {

  public SessionFacts withTls() {
    return new SessionFacts(clientAddress, trusted, listenerAuth, true, account);
  }

  public SessionFacts withAccount(String name) {
    return new SessionFacts(clientAddress, trusted, listenerAuth, tlsActive, name);
  }

  public boolean authenticated() {
    return account != null;
  }
}
