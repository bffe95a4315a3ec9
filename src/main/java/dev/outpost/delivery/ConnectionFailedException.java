package dev.outpost.delivery;

import java.io.IOException;

/**
 * A connection could not be set up for mail: connect refused or timed out, TLS handshake
 * failed, a greeting or EHLO other than 2xx, or the connection dropped. Every recipient of the
 * attempt is deferred with {@link #getMessage()} as the reason.
 */
public final class ConnectionFailedException extends IOException {
  private final String dsn;

  public ConnectionFailedException(String dsn, String message, Throwable cause) {
    super(message, cause);
    this.dsn = dsn;
  }

  /** The RFC 3463 code for the mail log, e.g. 4.4.1 for "no answer from host". */
  public String dsn() {
    return dsn;
  }
}
