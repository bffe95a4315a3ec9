package dev.outpost.pipeline;

import dev.outpost.smtp.Reply;
import dev.outpost.spool.Envelope;
import java.util.List;

/** How a submission ended; each transport words it its own way (an SMTP reply, an HTTP status). */
public sealed interface SubmissionResult {

  /**
   * Durably stored and handed to the queue.
   *
   * @param dropped recipients left out because they are suppressed (suppression action "drop")
   */
  record Queued(Envelope envelope, List<String> dropped) implements SubmissionResult {
    public Queued {
      dropped = List.copyOf(dropped);
    }
  }

  /** More octets than {@code smtp.max_message_size}. */
  record TooBig(long limit) implements SubmissionResult {}

  /** Policy refused the message: a From not the account's own, the content check, a limit. */
  record Refused(Reply reply) implements SubmissionResult {}

  /** Taken in by Outpost itself (a complaint report to the complaints address), not queued. */
  record TakenIn() implements SubmissionResult {}

  /** Every recipient was suppressed; nothing was queued. */
  record AllDropped(List<String> dropped) implements SubmissionResult {
    public AllDropped {
      dropped = List.copyOf(dropped);
    }
  }

  /** The spool has no space left; worth trying again later. */
  record StorageFull() implements SubmissionResult {}

  /** The spool failed for another reason; the server log has it. */
  record StorageFailed() implements SubmissionResult {}
}
