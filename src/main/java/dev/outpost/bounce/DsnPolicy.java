package dev.outpost.bounce;

import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import dev.outpost.spool.Recipient.DsnNotify;
import java.time.Duration;

/**
 * Who gets told what (RFC 3461 4.1 NOTIFY), as pure decisions. Nothing is ever reported for a
 * message from the null sender: a DSN itself has it, so a DSN can never cause another DSN.
 */
public final class DsnPolicy {
  private DsnPolicy() {}

  /** A failure is reported unless NOTIFY was given without FAILURE (NEVER, SUCCESS, DELAY). */
  public static boolean reportsFailure(Envelope message, Recipient r) {
    return !message.hasNullSender() && (r.notifyOn().isEmpty() || r.notifyOn().contains(DsnNotify.FAILURE));
  }

  /** Success is reported only on request, NOTIFY=SUCCESS. */
  public static boolean reportsSuccess(Envelope message, Recipient r) {
    return !message.hasNullSender() && r.notifyOn().contains(DsnNotify.SUCCESS);
  }

  /**
   * A delay is reported once per message, for a recipient still deferred {@code delayWarning}
   * after the message arrived. NOTIFY=DELAY asks for it outright, so a zero delayWarning sends it
   * at the first deferral; without NOTIFY it is Outpost's choice (RFC 3461 allows either), made by
   * {@code delayWarning}, and zero means never.
   *
   * @param age how long the message has been in the queue
   */
  public static boolean reportsDelay(Envelope message, Recipient r, Duration age, Duration delayWarning) {
    if (message.hasNullSender() || message.delayWarningSentAt() != null) return false;
    if (age.compareTo(delayWarning) < 0) return false;
    if (r.notifyOn().contains(DsnNotify.DELAY)) return true;
    return r.notifyOn().isEmpty() && !delayWarning.isZero();
  }
}
