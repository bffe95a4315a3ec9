package dev.outpost.config;

import java.net.InetSocketAddress;

/**
 * A {@code host:port} pair as written in config; IPv6 hosts are written in brackets. Port 0 is
 * allowed because a listener bound to it gets any free port, which embedding tests rely on.
 */
public record HostPort(String host, int port) {

  public HostPort {
    if (host == null || host.isBlank()) throw new IllegalArgumentException("host is empty");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is outside 0-65535");
  }

  /** Parses {@code host:port} or {@code [v6]:port}; throws IllegalArgumentException saying what is wrong. */
  public static HostPort parse(String text) {
    String s = text.trim();
    String host;
    String port;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("expected [address]:port, got \"" + text + "\"");
      }
      host = s.substring(1, close);
      port = s.substring(close + 2);
    } else {
      int colon = s.lastIndexOf(':');
      if (colon <= 0 || s.indexOf(':') != colon) {
        throw new IllegalArgumentException("expected host:port, got \"" + text + "\"");
      }
      host = s.substring(0, colon);
      port = s.substring(colon + 1);
    }
    try {
      return new HostPort(host, Integer.parseInt(port));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port \"" + port + "\" is not a number");
    }
  }

  public InetSocketAddress toSocketAddress() {
    return new InetSocketAddress(host, port);
  }

  @Override
  public String toString() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }
}
