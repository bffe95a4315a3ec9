package dev.outpost.config;

import java.time.Duration;

/**
 * {@code [abuse]}: limits that keep one client from harming the others or guessing passwords.
 * Clients in {@code relay.trusted_networks} are exempt from the per-address limits, as Postfix
 * exempts {@code mynetworks}: they are the operator's own applications.
 *
 * @param connectionRatePerIp new connections per minute from one address; 0 turns the limit off
 * @param authFailuresPerIp failed AUTH attempts from one address within {@code authFailureWindow}
 *     after which it is blocked
 * @param authFailureWindow the window in which AUTH failures are counted
 * @param authBlock how long a blocked address gets 454 4.7.0 to every AUTH, right password or not
 * @param errorDelayAfter protocol errors after which every further error reply is delayed
 * @param errorDelay the delay added to each such reply (a tarpit for scanners)
 * @param maxJunkCommands NOOP, RSET, VRFY and HELP commands allowed in one session
 * @param maxSessionDuration how long one connection may last in all, however busy
 */
public record AbuseConfig(
    int connectionRatePerIp,
    int authFailuresPerIp,
    Duration authFailureWindow,
    Duration authBlock,
    int errorDelayAfter,
    Duration errorDelay,
    int maxJunkCommands,
    Duration maxSessionDuration) {

  public static AbuseConfig defaults() {
    return new AbuseConfig(120, 10, Duration.ofMinutes(10), Duration.ofMinutes(30), 3, Duration.ofSeconds(1), 100,
        Duration.ofHours(1));
  }

  public AbuseConfig withConnectionRate(int perMinute) {
    return new AbuseConfig(perMinute, authFailuresPerIp, authFailureWindow, authBlock, errorDelayAfter, errorDelay,
        maxJunkCommands, maxSessionDuration);
  }

  public AbuseConfig withSessionLimits(int junk, Duration duration, int delayAfter, Duration delay) {
    return new AbuseConfig(connectionRatePerIp, authFailuresPerIp, authFailureWindow, authBlock, delayAfter, delay,
        junk, duration);
  }
}
