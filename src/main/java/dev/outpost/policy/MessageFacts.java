package dev.outpost.policy;

import java.util.List;

/**
 * What policy may know about a received message before it is spooled.
 *
 * @param recipients accepted recipients
 * @param size octets of the message as received
 * @param fromAddresses the addresses of its From: header field, empty when it has none
 */
public record MessageFacts(int recipients, long size, List<String> fromAddresses) {

  public MessageFacts {
    fromAddresses = List.copyOf(fromAddresses);
  }
}
