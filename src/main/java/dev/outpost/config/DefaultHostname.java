package dev.outpost.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The machine's own name, used when {@code server.hostname} is not set. */
final class DefaultHostname {
  private DefaultHostname() {}

  static String get() {
    try {
      String name = InetAddress.getLocalHost().getCanonicalHostName();
      return name == null || name.isBlank() ? "localhost" : name;
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
