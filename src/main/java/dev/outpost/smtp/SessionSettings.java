package dev.outpost.smtp;

/**
 * What a session needs to know about its listener and limits.
 *
 * @param hostname the name in the greeting and EHLO reply
 * @param maxMessageSize octets, announced with SIZE
 * @param maxRecipients RCPT commands accepted per transaction
 * @param maxErrors protocol errors before the session is closed
 * @param startTlsOffered the listener offers STARTTLS
 * @param authOffered AUTH can be offered (once the session runs over TLS)
 */
public record SessionSettings(
    String hostname, long maxMessageSize, int maxRecipients, int maxErrors, boolean startTlsOffered,
    boolean authOffered) {}
