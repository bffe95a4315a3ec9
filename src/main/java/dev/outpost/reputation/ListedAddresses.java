package dev.outpost.reputation;

import java.net.InetAddress;
import java.util.Set;

/**
 * The sending addresses that are to be kept out of use because a blocklist lists them. The pool
 * code asks before choosing a source address, and moves the traffic to the pool's other
 * addresses; the set changes when {@link BlocklistMonitor} sees a listing or a delisting.
 */
@FunctionalInterface
public interface ListedAddresses {
  ListedAddresses NONE = Set::of;

  /** The addresses listed now; empty unless {@code take_listed_ips_out_of_pool} is on. */
  Set<InetAddress> listed();
}
