package dev.outpost.smtp;

/** How receiving the message data ended, as the I/O layer reports it to the session. */
public sealed interface MessageOutcome {

  /** Durably stored; the 250 may be sent. */
  record Queued(String queueId) implements MessageOutcome {}

  /** More octets than the size limit; the rest was read and discarded. */
  record TooBig() implements MessageOutcome {}

  /** A CR or LF not part of a CRLF pair was seen (see {@code DataDecoder}). */
  record BareNewline() implements MessageOutcome {}

  /** The spool has no space left. */
  record StorageFull() implements MessageOutcome {}

  /** Policy refused the message as a whole (a sender's From: not its own, a quota reached). */
  record Refused(Reply reply) implements MessageOutcome {}

  /** Taken in by Outpost itself (a complaint report) rather than queued for delivery. */
  record Received() implements MessageOutcome {}

  /** Every recipient was dropped (suppressed); nothing to queue, and nothing for the client to fix. */
  record AllDropped() implements MessageOutcome {}

  /** The spool failed for another reason. */
  record StorageFailed() implements MessageOutcome {}
}
