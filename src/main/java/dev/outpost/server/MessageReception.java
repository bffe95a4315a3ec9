package dev.outpost.server;

import dev.outpost.pipeline.Arrival;
import dev.outpost.pipeline.MessageSubmission;
import dev.outpost.pipeline.SubmissionResult;
import dev.outpost.policy.SessionFacts;
import dev.outpost.smtp.ContentSink;
import dev.outpost.smtp.MessageOutcome;
import dev.outpost.smtp.SmtpSession;
import dev.outpost.smtp.Transaction;
import dev.outpost.spool.Envelope.BodyType;
import dev.outpost.spool.Recipient;
import java.util.List;

/**
 * The SMTP side of a {@link MessageSubmission}: feeds it the decoded DATA or BDAT content as it
 * arrives, and at the end hands it the transaction and the session's trace facts, then words the
 * result as the session's {@link MessageOutcome}. Everything else, policy to queue, is the
 * pipeline's and the same for the HTTP API.
 */
final class MessageReception implements ContentSink {
  private final MessageSubmission submission;

  MessageReception(ListenerContext context, SessionFacts facts, Transaction transaction) {
    this.submission = context.pipeline().begin(facts,
        transaction.recipients().stream().map(Transaction.AcceptedRecipient::address).toList());
  }

  @Override
  public void write(byte[] buffer, int offset, int length) {
    submission.write(buffer, offset, length);
  }

  /** Commits the message if nothing went wrong, and says how it ended. */
  MessageOutcome finish(SmtpSession session, boolean bareNewline, boolean eightBit, String listener) {
    if (submission.isTooBig()) return abortWith(new MessageOutcome.TooBig());
    if (bareNewline) return abortWith(new MessageOutcome.BareNewline());
    return switch (submission.finish(arrival(session, eightBit, listener))) {
      case SubmissionResult.Queued q -> new MessageOutcome.Queued(q.envelope().queueId());
      case SubmissionResult.TooBig t -> new MessageOutcome.TooBig();
      case SubmissionResult.Refused r -> new MessageOutcome.Refused(r.reply());
      case SubmissionResult.TakenIn t -> new MessageOutcome.Received();
      case SubmissionResult.AllDropped d -> new MessageOutcome.AllDropped();
      case SubmissionResult.StorageFull f -> new MessageOutcome.StorageFull();
      case SubmissionResult.StorageFailed f -> new MessageOutcome.StorageFailed();
    };
  }

  void abort() {
    submission.abort();
  }

  private MessageOutcome abortWith(MessageOutcome outcome) {
    abort();
    return outcome;
  }

  private static Arrival arrival(SmtpSession session, boolean eightBit, String listener) {
    Transaction tx = session.transaction();
    boolean utf8 = tx.parameters().smtpUtf8();
    String protocol = (utf8 ? "UTF8SMTP" : session.isExtended() ? "ESMTP" : "SMTP") + (session.tls() != null ? "S" : "");
    String tls = session.tls() == null ? null
        : session.tls().protocol() + " with cipher " + session.tls().cipherSuite();
    List<Recipient> recipients = tx.recipients().stream()
        .map(r -> Recipient.pending(r.address(), r.parameters().notifyOn(), r.parameters().orcpt()))
        .toList();
    return new Arrival(tx.sender(), recipients, session.heloName(), session.facts().clientAddress(), protocol, tls,
        utf8, eightBit ? BodyType.EIGHT_BITMIME : BodyType.SEVEN_BIT, tx.parameters().ret(), tx.parameters().envId(),
        listener);
  }
}
