package dev.outpost.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code [delivery]}: how Outpost hands mail on.
 *
 * @param port port of recipients' MX servers (25 in production; tests point it elsewhere)
 * @param retrySchedule delays between attempts; the last one repeats until {@code maxAge}
 * @param maxAge after this long in the queue, a message that is still deferred fails
 * @param connectionsPerDestination concurrent connections to one destination
 * @param messagesPerConnection messages sent over one connection before it is closed
 * @param recipientsPerTransaction RCPT commands per transaction; the rest go in the next one
 * @param connectTimeout TCP connect
 * @param greetingTimeout the 220 greeting (RFC 5321 4.5.3.2: 5 minutes)
 * @param commandTimeout replies to MAIL, RCPT and other commands (5 minutes)
 * @param dataTimeout the 354 reply and each block of data written (3 minutes)
 * @param finalReplyTimeout the reply after the final dot (10 minutes)
 * @param idleTimeout how long an idle connection is kept open for the next message
 * @param delayWarning after this long in the queue, a recipient still deferred gets a delay DSN
 *     (once per message) when it asked for NOTIFY=DELAY or gave no NOTIFY; zero turns it off
 *     for recipients without NOTIFY and means "at the first deferral" for NOTIFY=DELAY
 */
public record DeliveryConfig(
    int port,
    List<Duration> retrySchedule,
    Duration maxAge,
    int connectionsPerDestination,
    int messagesPerConnection,
    int recipientsPerTransaction,
    Duration connectTimeout,
    Duration greetingTimeout,
    Duration commandTimeout,
    Duration dataTimeout,
    Duration finalReplyTimeout,
    Duration idleTimeout,
    Duration delayWarning) {

  public DeliveryConfig {
    retrySchedule = List.copyOf(retrySchedule);
  }

  public static DeliveryConfig defaults() {
    return new DeliveryConfig(
        25,
        List.of(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(40),
            Duration.ofHours(1)),
        Duration.ofDays(5),
        50,
        1000,
        100,
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        Duration.ofMinutes(5),
        Duration.ofMinutes(3),
        Duration.ofMinutes(10),
        Duration.ofSeconds(10),
        Duration.ofHours(4));
  }

  /** The delay before attempt number {@code attempt + 1}, counting the first attempt as 1. */
  public Duration retryDelay(int attemptsSoFar) {
    int index = Math.max(0, Math.min(attemptsSoFar - 1, retrySchedule.size() - 1));
    return retrySchedule.get(index);
  }

  public DeliveryConfig withPort(int p) {
    return new DeliveryConfig(p, retrySchedule, maxAge, connectionsPerDestination, messagesPerConnection,
        recipientsPerTransaction, connectTimeout, greetingTimeout, commandTimeout, dataTimeout,
        finalReplyTimeout, idleTimeout, delayWarning);
  }

  public DeliveryConfig withRetrySchedule(List<Duration> schedule, Duration age) {
    return new DeliveryConfig(port, schedule, age, connectionsPerDestination, messagesPerConnection,
        recipientsPerTransaction, connectTimeout, greetingTimeout, commandTimeout, dataTimeout,
        finalReplyTimeout, idleTimeout, delayWarning);
  }

  public DeliveryConfig withConnections(int perDestination, int messagesPerConn, int rcptsPerTx) {
    return new DeliveryConfig(port, retrySchedule, maxAge, perDestination, messagesPerConn, rcptsPerTx,
        connectTimeout, greetingTimeout, commandTimeout, dataTimeout, finalReplyTimeout, idleTimeout, delayWarning);
  }

  public DeliveryConfig withTimeouts(Duration connect, Duration greeting, Duration command, Duration data,
      Duration finalReply, Duration idle) {
    return new DeliveryConfig(port, retrySchedule, maxAge, connectionsPerDestination, messagesPerConnection,
        recipientsPerTransaction, connect, greeting, command, data, finalReply, idle, delayWarning);
  }

  public DeliveryConfig withDelayWarning(Duration after) {
    return new DeliveryConfig(port, retrySchedule, maxAge, connectionsPerDestination, messagesPerConnection,
        recipientsPerTransaction, connectTimeout, greetingTimeout, commandTimeout, dataTimeout,
        finalReplyTimeout, idleTimeout, after);
  }
}
