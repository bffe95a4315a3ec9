package dev.outpost.bounce;

/**
 * What a DSN reports about its recipients (RFC 3464 2.3.3 Action). One DSN reports one action,
 * so its subject and opening words can say plainly what happened.
 */
public enum DsnAction {
  /** Given up: a permanent failure, or a deferral that outlived the maximum age. */
  FAILED("failed", "Undelivered Mail Returned to Sender", "sender non-delivery notification"),
  /** Still being retried: a warning only. */
  DELAYED("delayed", "Delayed Mail (still being retried)", "sender delay notification"),
  /**
   * Handed to the next hop with a 2xx reply; "relayed" rather than "delivered" because the next
   * hop's own DSN support is not asked for, so nobody promises a further notice.
   */
  RELAYED("relayed", "Successful Mail Delivery Report", "sender delivery status notification");

  private final String field;
  private final String subject;
  private final String logName;

  DsnAction(String field, String subject, String logName) {
    this.field = field;
    this.subject = subject;
    this.logName = logName;
  }

  /** The value of the Action field. */
  public String field() {
    return field;
  }

  public String subject() {
    return subject;
  }

  /** How the mail log names such a DSN, in Postfix's words. */
  public String logName() {
    return logName;
  }
}
