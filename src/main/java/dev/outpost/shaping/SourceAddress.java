package dev.outpost.shaping;

import java.net.InetAddress;

/**
 * A local address to send from and the name to say in EHLO from it. {@link #ANY} binds nothing
 * (the system picks the address) and says {@code server.hostname}; its {@link #key} is
 * {@code any}.
 */
public record SourceAddress(InetAddress address, String ehlo, int weight) {
  public static final SourceAddress ANY = new SourceAddress(null, null, 1);

  /** How the address appears in status and logs. */
  public String key() {
    return address == null ? "any" : address.getHostAddress();
  }
}
