package dev.outpost.reputation;

/** What one blocklist said about one subject (an IP address or a domain) in one check. */
public record BlocklistStatus(String subject, String zone, BlocklistAnswer answer) {}
