package dev.outpost.dns;

import java.net.InetAddress;
import java.util.List;

/**
 * One mail server of a domain, ready to connect to.
 *
 * @param name the MX host name without the trailing dot, or the domain itself when it has no MX
 *     records (RFC 5321 5.1 "implicit MX")
 * @param preference the MX preference; lower is tried first
 * @param addresses never empty: IPv4 addresses first, then IPv6, each in the order DNS gave
 */
public record MxHost(String name, int preference, List<InetAddress> addresses) {

  public MxHost {
    addresses = List.copyOf(addresses);
    if (addresses.isEmpty()) throw new IllegalArgumentException(name + " has no address");
  }
}
