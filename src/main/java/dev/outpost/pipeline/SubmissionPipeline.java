package dev.outpost.pipeline;

import dev.outpost.dkim.DkimKeyring;
import dev.outpost.events.EventSink;
import dev.outpost.policy.ContentPolicy;
import dev.outpost.policy.Decision;
import dev.outpost.policy.SessionFacts;
import dev.outpost.policy.SessionPolicy;
import dev.outpost.policy.SuppressionMatch;
import dev.outpost.smtp.Reply;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.QueueIds;
import dev.outpost.spool.Spool;
import dev.outpost.suppression.ComplaintIntake;
import dev.outpost.unsubscribe.MailtoUnsubscribe;
import dev.outpost.unsubscribe.UnsubscribeHeaders;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one way into the spool, shared by every transport: SMTP sessions stream a message into a
 * {@link MessageSubmission}; the HTTP API and campaigns first {@link #checkEnvelope check the
 * envelope} as SMTP does command by command, then {@link #submit} the message whole. Either way
 * the same policy, header additions, DKIM signature, content check, limits, spool commit and
 * enqueue apply, in the order {@link MessageSubmission#finish} gives.
 *
 * <p>Thread-safe: it holds only what all submissions share.
 *
 * @param content the content check; null when {@code content_check} is off
 * @param complaints takes in reports sent to the complaints address; null when none is configured
 * @param mailto takes in mail to the unsubscribe addresses
 * @param unsubscribeHeaders adds List-Unsubscribe and Feedback-ID to accounts' mail
 * @param onQueued called with each committed envelope (the queue's enqueue)
 * @param events where the reception of each message is recorded
 * @param hostname this server's name, for the Received field and added Message-IDs
 * @param maxMessageSize {@code smtp.max_message_size}, for every transport alike
 */
public record SubmissionPipeline(
    SessionPolicy policy,
    ContentPolicy content,
    ComplaintIntake complaints,
    MailtoUnsubscribe mailto,
    UnsubscribeHeaders unsubscribeHeaders,
    DkimKeyring dkim,
    Spool spool,
    QueueIds queueIds,
    Consumer<Envelope> onQueued,
    EventSink events,
    String hostname,
    long maxMessageSize,
    Clock clock) {

  /**
   * Starts a message with a new queue id. A copy of the content is kept (up to a limit) when the
   * content check needs it or when a recipient is the complaints address.
   */
  public MessageSubmission begin(SessionFacts facts, List<String> recipients) {
    return begin(facts, queueIds.next(), recipients);
  }

  /** Starts a message under a queue id chosen beforehand (a campaign records it before the commit). */
  public MessageSubmission begin(SessionFacts facts, String queueId, List<String> recipients) {
    boolean copy = content != null || complaints != null && recipients.stream().anyMatch(complaints::isComplaintsAddress);
    return new MessageSubmission(this, facts, queueId, copy);
  }

  /** A message whole in memory, submitted in one call: begin, write, finish. */
  public SubmissionResult submit(SessionFacts facts, String queueId, Arrival arrival, byte[] message) {
    MessageSubmission submission = begin(facts, queueId,
        arrival.recipients().stream().map(dev.outpost.spool.Recipient::address).toList());
    try {
      submission.write(message, 0, message.length);
      return submission.finish(arrival);
    } catch (RuntimeException e) {
      submission.abort();
      throw e;
    }
  }

  /**
   * Asks policy what SMTP asks at MAIL FROM and at each RCPT TO, for a transport that hands the
   * envelope over at once. A suppressed recipient is set aside, named, and not counted against
   * the recipients limit, whatever {@code [suppression] action} says: the caller learns of it in
   * the answer rather than by a refusal or a silent drop.
   */
  public EnvelopeCheck checkEnvelope(SessionFacts facts, String sender, List<String> recipients) {
    Reply senderRefusal = refusal(policy.checkSender(facts, sender));
    if (senderRefusal != null) return new EnvelopeCheck.SenderRefused(senderRefusal);
    List<String> accepted = new ArrayList<>(recipients.size());
    List<EnvelopeCheck.Suppressed> suppressed = new ArrayList<>();
    for (int i = 0; i < recipients.size(); i++) {
      String recipient = recipients.get(i);
      Optional<SuppressionMatch> match = policy.suppression(facts, recipient);
      if (match.isPresent()) {
        suppressed.add(new EnvelopeCheck.Suppressed(i, recipient, match.get()));
        continue;
      }
      Reply refusal = refusal(policy.checkRecipient(facts, recipient, accepted.size()));
      if (refusal != null) return new EnvelopeCheck.RecipientRefused(i, recipient, refusal);
      accepted.add(recipient);
    }
    return new EnvelopeCheck.Checked(accepted, suppressed);
  }

  /** The reply of a refusing decision, or null when it accepts. */
  static Reply refusal(Decision decision) {
    return switch (decision) {
      case Decision.Accept a -> null;
      case Decision.Reject r -> r.reply();
      case Decision.TempFail t -> t.reply();
      case Decision.Disconnect d -> d.reply();
    };
  }
}
