package dev.outpost.queue;

/**
 * A destination has no host to try right now. Permanent (the domain does not exist or accepts
 * no mail): its recipients fail with {@link #dsn} and the message as the reason. Temporary (DNS
 * failed, a smarthost name did not resolve): they are deferred.
 */
public final class DestinationException extends Exception {
  private final boolean permanent;
  private final String dsn;

  private DestinationException(boolean permanent, String dsn, String reason) {
    super(reason, null, false, false);
    this.permanent = permanent;
    this.dsn = dsn;
  }

  public static DestinationException permanent(String dsn, String reason) {
    return new DestinationException(true, dsn, reason);
  }

  public static DestinationException temporary(String dsn, String reason) {
    return new DestinationException(false, dsn, reason);
  }

  public boolean permanent() {
    return permanent;
  }

  /** The RFC 3463 code for the mail log, e.g. 5.1.2 for a domain that does not exist. */
  public String dsn() {
    return dsn;
  }
}
