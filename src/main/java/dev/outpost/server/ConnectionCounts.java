package dev.outpost.server;

import java.util.Map;

/**
 * The SMTP connections open right now, against their limits, for the live view of limits.
 *
 * @param perAddress open connections by client address (textual IP), trusted clients included
 * @param maxPerMinute new connections allowed per address per minute; 0 for no limit
 */
public record ConnectionCounts(int open, int maxOpen, Map<String, Integer> perAddress, int maxPerAddress,
    int maxPerMinute) {

  public ConnectionCounts {
    perAddress = Map.copyOf(perAddress);
  }
}
