package dev.outpost.smtp;

import java.time.Duration;

/**
 * The session's answer to one input: a reply to send (or null), what the I/O layer must do next,
 * and how long to hold the reply back (a tarpit for clients that keep making errors).
 */
public record Step(Reply reply, Next next, Duration delay) {

  public Step(Reply reply, Next next) {
    this(reply, next, Duration.ZERO);
  }

  Step delayed(Duration by) {
    return new Step(reply, next, by);
  }

  public static Step reply(Reply reply) {
    return new Step(reply, new Next.ReadCommand());
  }

  static Step close(Reply reply) {
    return new Step(reply, new Next.Close());
  }

  /** What to read or do after the reply is sent. */
  public sealed interface Next {
    /** Read the next command line. */
    record ReadCommand() implements Next {}

    /** Read dot-terminated message data, then call {@link SmtpSession#onMessageComplete}. */
    record ReadData() implements Next {}

    /**
     * Read exactly {@code size} octets of a BDAT chunk. When {@code rejection} is non-null the
     * octets are read and discarded and then {@code rejection} is the reply; otherwise they belong
     * to the message, and {@link SmtpSession#onChunkStored} or, for the last chunk,
     * {@link SmtpSession#onMessageComplete} follows.
     */
    record ReadChunk(long size, boolean last, Reply rejection) implements Next {}

    /** Check these credentials, then call {@link SmtpSession#onAuthenticated}. */
    record Authenticate(Credentials credentials) implements Next {}

    /** Start the TLS handshake now, then call {@link SmtpSession#onTlsStarted}. */
    record StartTls() implements Next {}

    /** Close the connection. */
    record Close() implements Next {}
  }
}
