package dev.outpost.delivery;

/**
 * What one delivery attempt did for one recipient. Each carries the RFC 3463 code for the log
 * (the remote one, or a local one for local reasons) and a one-line detail: the remote reply, or
 * the reason the attempt did not get that far.
 */
public sealed interface RecipientOutcome {

  String dsn();

  String detail();

  /** The remote server took responsibility for the message (2xx after the final dot). */
  record Delivered(String dsn, String detail) implements RecipientOutcome {}

  /** Try again later: a 4xx reply, or a connection-level problem. */
  record Deferred(String dsn, String detail) implements RecipientOutcome {}

  /** Give up: a 5xx reply, or a local reason that retrying cannot fix. */
  record Failed(String dsn, String detail) implements RecipientOutcome {}

  /** The outcome a reply means for the recipients it applies to. */
  static RecipientOutcome of(SmtpReply reply) {
    if (reply.isPositive()) return new Delivered(reply.dsn(), reply.oneLine());
    if (reply.isPermanent()) return new Failed(reply.dsn(), reply.oneLine());
    if (reply.isTransient()) return new Deferred(reply.dsn(), reply.oneLine());
    return new Deferred("4.5.0", "unexpected reply: " + reply.oneLine());
  }

  /** The outcome for a reply that should have been positive but where 2xx would be wrong (e.g. DATA). */
  static RecipientOutcome ofRejection(SmtpReply reply) {
    return reply.isPositive() || reply.isIntermediate()
        ? new Deferred("4.5.0", "unexpected reply: " + reply.oneLine())
        : of(reply);
  }
}
