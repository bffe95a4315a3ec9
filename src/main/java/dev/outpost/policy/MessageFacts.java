package dev.outpost.policy;

/**
 * What policy may know about a received message before it is spooled.
 *
 * @param recipients accepted recipients
 * @param size octets of the message as received
 */
public record MessageFacts(int recipients, long size) {}
