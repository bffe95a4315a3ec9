package dev.outpost.config;

import java.time.Duration;

/**
 * {@code [smtp]}: protocol limits of the receiving side, one place for all listeners.
 *
 * @param maxMessageSize octets; announced in EHLO SIZE and enforced on DATA and BDAT
 * @param maxRecipients RCPT commands accepted per transaction (RFC 5321 asks for at least 100)
 * @param commandTimeout idle time allowed while waiting for a command
 * @param dataTimeout idle time allowed while waiting for message data
 * @param maxErrors protocol errors tolerated in one session before it is closed
 * @param greetPause how long a client outside the trusted networks is watched before the greeting;
 *     one that talks first is refused (RFC 5321 §4.3.1), as spam bots do
 */
public record SmtpConfig(
    long maxMessageSize, int maxRecipients, Duration commandTimeout, Duration dataTimeout, int maxErrors,
    Duration greetPause) {

  public static SmtpConfig defaults() {
    return new SmtpConfig(50L * 1024 * 1024, 1000, Duration.ofMinutes(5), Duration.ofMinutes(10), 20,
        Duration.ofMillis(500));
  }

  public SmtpConfig withMaxMessageSize(long size) {
    return new SmtpConfig(size, maxRecipients, commandTimeout, dataTimeout, maxErrors, greetPause);
  }

  public SmtpConfig withMaxRecipients(int n) {
    return new SmtpConfig(maxMessageSize, n, commandTimeout, dataTimeout, maxErrors, greetPause);
  }

  public SmtpConfig withTimeouts(Duration command, Duration data) {
    return new SmtpConfig(maxMessageSize, maxRecipients, command, data, maxErrors, greetPause);
  }

  public SmtpConfig withGreetPause(Duration pause) {
    return new SmtpConfig(maxMessageSize, maxRecipients, commandTimeout, dataTimeout, maxErrors, pause);
  }
}
