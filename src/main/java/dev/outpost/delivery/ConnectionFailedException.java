package dev.outpost.delivery;

import java.io.IOException;

/**
 * A connection could not be set up for mail: the source address could not be bound, connect
 * refused or timed out, TLS failed or was required and missing, a greeting or EHLO other than
 * 2xx, or the connection dropped. Every recipient of the attempt is deferred with
 * {@link #getMessage()} as the reason.
 */
public final class ConnectionFailedException extends IOException {
  private final String dsn;
  private final Stage stage;
  private final SmtpReply reply;

  /** Where setting up failed; a caller with several source addresses moves on after BIND. */
  public enum Stage {
    /** The local source address could not be bound: a problem of this host, not the remote. */
    BIND,
    /** The TCP connect failed or timed out. */
    CONNECT,
    /** The SMTP session failed: greeting, EHLO, STARTTLS, TLS policy, or a dropped connection. */
    SESSION
  }

  public ConnectionFailedException(String dsn, String message, Throwable cause) {
    this(dsn, message, cause, Stage.SESSION, null);
  }

  /** @param reply the server's refusing reply (greeting, EHLO), or null when it sent none */
  public ConnectionFailedException(String dsn, String message, Throwable cause, Stage stage, SmtpReply reply) {
    super(message, cause);
    this.dsn = dsn;
    this.stage = stage;
    this.reply = reply;
  }

  /** The RFC 3463 code for the mail log, e.g. 4.4.1 for "no answer from host". */
  public String dsn() {
    return dsn;
  }

  public Stage stage() {
    return stage;
  }

  /** The refusing reply, or null; a 421 greeting here means "slow down". */
  public SmtpReply reply() {
    return reply;
  }
}
