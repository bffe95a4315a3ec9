package dev.outpost.smtp;

import java.time.Duration;

/**
 * What a session needs to know about its listener and limits.
 *
 * @param hostname the name in the greeting and EHLO reply
 * @param maxMessageSize octets, announced with SIZE
 * @param maxRecipients RCPT commands accepted per transaction
 * @param maxErrors protocol errors before the session is closed
 * @param startTlsOffered the listener offers STARTTLS
 * @param authOffered AUTH can be offered (once the session runs over TLS)
 * @param maxJunkCommands NOOP, RSET, VRFY and HELP allowed per session
 * @param errorDelayAfter errors after which each further error reply is held back
 * @param errorDelay how long such a reply is held back
 */
public record SessionSettings(
    String hostname, long maxMessageSize, int maxRecipients, int maxErrors, boolean startTlsOffered,
    boolean authOffered, int maxJunkCommands, int errorDelayAfter, Duration errorDelay) {}
