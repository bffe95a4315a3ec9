package dev.outpost.queue;

import java.net.InetAddress;
import java.util.List;

/**
 * One host a destination's mail may go to: its name (for the mail log and TLS SNI), its
 * addresses in the order to try them, and the port.
 */
public record DeliveryTarget(String host, List<InetAddress> addresses, int port) {

  public DeliveryTarget {
    addresses = List.copyOf(addresses);
  }
}
