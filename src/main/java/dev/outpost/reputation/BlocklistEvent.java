package dev.outpost.reputation;

import java.time.Instant;

/**
 * A change of one subject's state on one blocklist.
 *
 * @param subject an IP address as text, or a domain
 * @param zone the list's DNS zone, such as {@code zen.spamhaus.org}
 * @param listed true for a new listing, false for a delisting
 * @param reason the list's TXT reason and return codes for a listing; empty for a delisting
 * @param at when the check saw the change
 */
public record BlocklistEvent(String subject, String zone, boolean listed, String reason, Instant at) {}
