package dev.outpost.server;

import dev.outpost.dkim.PendingSignature;
import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.MailLog;
import dev.outpost.pipeline.AddedHeaders;
import dev.outpost.pipeline.FromAddresses;
import dev.outpost.pipeline.HeaderRewriter;
import dev.outpost.pipeline.HeaderScanner;
import dev.outpost.policy.FromDecision;
import dev.outpost.policy.SessionFacts;
import dev.outpost.policy.Decision;
import dev.outpost.policy.MessageFacts;
import dev.outpost.smtp.ContentSink;
import dev.outpost.smtp.MessageOutcome;
import dev.outpost.smtp.Reply;
import dev.outpost.smtp.SmtpSession;
import dev.outpost.smtp.Transaction;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.Envelope.BodyType;
import dev.outpost.spool.Recipient;
import dev.outpost.spool.SpoolFullException;
import dev.outpost.spool.SpoolWriter;
import dev.outpost.unsubscribe.UnsubscribeHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives one message's content into the spool: counts it against the size limit, notes which
 * headers it lacks, and on success commits the envelope and hands it to the queue. Octets past the
 * size limit or after a write failure are read and dropped, so the client can be answered only
 * after it has finished sending, as RFC 5321 §4.2.5 expects.
 */
final class MessageReception implements ContentSink {
  private static final Logger LOG = LoggerFactory.getLogger(MessageReception.class);

  private final String queueId;
  /** The header section is held until it is complete, so the From field can still be changed. */
  private static final int HEADER_HOLD_LIMIT = 256 * 1024;
  /** Larger messages are not copied for checks: the copy would cost that much memory per session. */
  private static final int COPY_LIMIT = 1024 * 1024;

  private final ListenerContext context;
  private final SessionFacts facts;
  private final HeaderScanner headers = new HeaderScanner();
  private final ByteArrayOutputStream heldHeader = new ByteArrayOutputStream();
  /**
   * A copy of the stored message, while small, for the content lint or a complaint report; null
   * when neither needs it.
   */
  private ByteArrayOutputStream copy;
  private boolean headerReleased;
  /** The header section as stored, kept only while the message is to be signed. */
  private byte[] storedHeader;
  private PendingSignature signature;
  private Reply fromRefusal;
  private SpoolWriter writer;
  private long size;
  private long written;
  private boolean tooBig;
  private IOException failure;

  MessageReception(ListenerContext context, SessionFacts facts, Transaction transaction) {
    this.context = context;
    this.facts = facts;
    this.copy = context.content() != null || hasComplaint(transaction) ? new ByteArrayOutputStream() : null;
    this.queueId = context.queueIds().next();
    try {
      writer = context.spool().begin(queueId);
    } catch (IOException e) {
      failure = e;
    }
  }

  @Override
  public void write(byte[] buffer, int offset, int length) {
    size += length;
    if (size > context.settings().maxMessageSize()) {
      tooBig = true;
      return;
    }
    if (failure != null) return;
    if (headerReleased) {
      storeBody(buffer, offset, length);
      return;
    }
    int header = headers.scan(buffer, offset, length);
    heldHeader.write(buffer, offset, header);
    if (headers.isComplete() || heldHeader.size() >= HEADER_HOLD_LIMIT) releaseHeader(false);
    if (header < length) storeBody(buffer, offset + header, length - header);
  }

  /**
   * Judges the From field and writes the held header section to the spool, changed if policy
   * says so. A header section longer than the hold limit is judged on what has arrived, and not
   * signed: the rest of it would pass for body.
   *
   * @param atEnd the message ended before its header section did, so it has no body
   */
  private void releaseHeader(boolean atEnd) {
    headerReleased = true;
    byte[] header = heldHeader.toByteArray();
    List<String> from = FromAddresses.parse(headers.fromValue());
    switch (context.policy().checkFrom(facts, from)) {
      case FromDecision.Keep k -> {
        store(header, 0, header.length);
        if (!from.isEmpty()) beginSignature(from.get(0), header, atEnd);
      }
      case FromDecision.Refuse r -> fromRefusal = r.reply();
      case FromDecision.Replace r -> {
        byte[] changed = HeaderRewriter.replaceFrom(header, r.address());
        store(changed, 0, changed.length);
        beginSignature(r.address(), changed, atEnd);
      }
    }
  }

  private void beginSignature(String fromAddress, byte[] storedHeader, boolean atEnd) {
    if (!atEnd && !headers.isComplete()) return;
    signature = context.dkim().begin(fromAddress);
    if (signature != null) this.storedHeader = storedHeader;
  }

  private void storeBody(byte[] buffer, int offset, int length) {
    store(buffer, offset, length);
    if (signature != null) signature.body(buffer, offset, length);
  }

  private void store(byte[] buffer, int offset, int length) {
    if (failure != null || fromRefusal != null) return;
    try {
      writer.write(buffer, offset, length);
      written += length;
    } catch (IOException e) {
      failure = e;
    }
    if (copy != null) {
      if (copy.size() + length > COPY_LIMIT) copy = null;
      else copy.write(buffer, offset, length);
    }
  }

  /** Commits the message if nothing went wrong, and says how it ended. */
  MessageOutcome finish(SmtpSession session, boolean bareNewline, boolean eightBit, String client, String listener) {
    if (tooBig) return abortWith(new MessageOutcome.TooBig());
    if (bareNewline) return abortWith(new MessageOutcome.BareNewline());
    if (!headerReleased && failure == null) releaseHeader(true);
    if (failure != null) return abortWith(storageFailure(failure));
    if (fromRefusal != null) return abortWith(new MessageOutcome.Refused(fromRefusal));
    Transaction tx = session.transaction();
    if (hasComplaint(tx)) {
      if (copy != null) context.complaints().receive(copy.toByteArray(), queueId);
      else LOG.warn("{}: a complaint report over {} octets was not read", queueId, COPY_LIMIT);
      tx = withoutComplaintsAddress(tx);
      if (tx.recipients().isEmpty()) return abortWith(new MessageOutcome.Received());
    }
    tx = withoutUnsubscribeMail(tx);
    if (tx.recipients().isEmpty()) return abortWith(new MessageOutcome.Received());
    tx = withoutDropped(tx);
    if (tx.recipients().isEmpty()) return abortWith(new MessageOutcome.AllDropped());
    Instant now = context.clock().instant();
    byte[] prefix = addedHeaders(session, tx, now);
    Reply contentRefusal = checkContent(prefix);
    if (contentRefusal != null) return abortWith(new MessageOutcome.Refused(contentRefusal));
    var message = new MessageFacts(tx.recipients().size(), size);
    Reply refusal = switch (context.policy().checkMessage(facts, message)) {
      case Decision.Accept a -> null;
      case Decision.Reject r -> r.reply();
      case Decision.TempFail t -> t.reply();
      case Decision.Disconnect d -> d.reply();
    };
    if (refusal != null) return abortWith(new MessageOutcome.Refused(refusal));
    Envelope envelope = new Envelope(queueId, tx.sender(), recipients(tx), now, client, session.heloName(),
        tx.parameters().smtpUtf8(), eightBit ? BodyType.EIGHT_BITMIME : BodyType.SEVEN_BIT, tx.parameters().ret(),
        tx.parameters().envId(), prefix, written, now).withOrigin(facts.account(), headers.campaign());
    try {
      writer.commit(envelope);
    } catch (IOException e) {
      return abortWith(storageFailure(e));
    }
    MailLog.accepted(queueId, tx.sender(), envelope.recipients().size(), size, client, listener);
    DeliveryEvent.accepted(envelope).forEach(context.events()::record);
    context.onQueued().accept(envelope);
    return new MessageOutcome.Queued(queueId);
  }

  void abort() {
    if (writer != null) writer.abort();
  }

  private boolean hasComplaint(Transaction tx) {
    return context.complaints() != null && tx.recipients().stream()
        .anyMatch(r -> context.complaints().isComplaintsAddress(r.address()));
  }

  private Transaction withoutDropped(Transaction tx) {
    var kept = tx.recipients().stream().filter(r -> !context.policy().dropRecipient(facts, r.address())).toList();
    return kept.size() == tx.recipients().size() ? tx : new Transaction(tx.sender(), tx.parameters(), kept);
  }

  /** Reports to the complaints address are taken in here, never relayed. */
  private Transaction withoutComplaintsAddress(Transaction tx) {
    return new Transaction(tx.sender(), tx.parameters(), tx.recipients().stream()
        .filter(r -> !context.complaints().isComplaintsAddress(r.address())).toList());
  }

  /** Mail to an unsubscribe address is the opt-out itself: recorded here, never relayed. */
  private Transaction withoutUnsubscribeMail(Transaction tx) {
    var kept = new ArrayList<Transaction.AcceptedRecipient>(tx.recipients().size());
    for (var r : tx.recipients()) {
      if (context.mailto().isUnsubscribeAddress(r.address())) context.mailto().receive(r.address(), queueId);
      else kept.add(r);
    }
    return kept.size() == tx.recipients().size() ? tx : new Transaction(tx.sender(), tx.parameters(), kept);
  }

  /**
   * The content check, on the message as it will be delivered (Outpost's added header lines
   * first, so a Date or Message-ID it adds is not held against the sender); a message too large
   * to copy is left to the receivers' filters.
   */
  private Reply checkContent(byte[] prefix) {
    if (copy == null || context.content() == null) return null;
    try {
      byte[] message = new byte[prefix.length + copy.size()];
      System.arraycopy(prefix, 0, message, 0, prefix.length);
      System.arraycopy(copy.toByteArray(), 0, message, prefix.length, copy.size());
      return context.content().check(message, queueId);
    } catch (IOException e) {
      LOG.warn("{}: content check failed, message accepted unchecked: {}", queueId, e.getMessage());
      return null;
    }
  }

  private MessageOutcome abortWith(MessageOutcome outcome) {
    abort();
    return outcome;
  }

  private MessageOutcome storageFailure(IOException e) {
    if (e instanceof SpoolFullException) {
      LOG.warn("{}: spool full, message refused with 452: {}", queueId, e.getMessage());
      return new MessageOutcome.StorageFull();
    }
    LOG.error("{}: spool write failed, message refused with 451", queueId, e);
    return new MessageOutcome.StorageFailed();
  }

  /** A bare {@code Postmaster} goes to the postmaster of this host, so it can be routed. */
  private List<Recipient> recipients(Transaction tx) {
    return tx.recipients().stream()
        .map(r -> Recipient.pending(
            r.address().indexOf('@') < 0 ? r.address() + "@" + context.settings().hostname() : r.address(),
            r.parameters().notifyOn(), r.parameters().orcpt()))
        .toList();
  }

  /**
   * Outpost's header lines, DKIM-Signature fields first: they sign the final header section,
   * which is these lines after the signatures followed by the message's own header section.
   */
  private byte[] addedHeaders(SmtpSession session, Transaction tx, Instant now) {
    byte[] added = concat(traceAndMissing(session, tx, now), unsubscribeFields(tx));
    if (signature == null) return added;
    byte[] finalHeader = new byte[added.length + storedHeader.length];
    System.arraycopy(added, 0, finalHeader, 0, added.length);
    System.arraycopy(storedHeader, 0, finalHeader, added.length, storedHeader.length);
    byte[] signatures = signature.fields(finalHeader, now);
    byte[] prefix = new byte[signatures.length + added.length];
    System.arraycopy(signatures, 0, prefix, 0, signatures.length);
    System.arraycopy(added, 0, prefix, signatures.length, added.length);
    return prefix;
  }

  /** List-Unsubscribe and Feedback-ID of an account's mail: added here, before signing, so they are signed. */
  private byte[] unsubscribeFields(Transaction tx) {
    var present = new UnsubscribeHeaders.Present(headers.hasListUnsubscribe(), headers.hasFeedbackId());
    return context.unsubscribeHeaders().fields(facts.account(),
        tx.recipients().stream().map(r -> r.address()).toList(), headers.campaign(), present, queueId);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private byte[] traceAndMissing(SmtpSession session, Transaction tx, Instant now) {
    boolean utf8 = tx.parameters().smtpUtf8();
    String protocol = (utf8 ? "UTF8SMTP" : session.isExtended() ? "ESMTP" : "SMTP") + (session.tls() != null ? "S" : "");
    String tls = session.tls() == null ? null
        : session.tls().protocol() + " with cipher " + session.tls().cipherSuite();
    String single = tx.recipients().size() == 1 ? tx.recipients().get(0).address() : null;
    var trace = new AddedHeaders.Trace(session.heloName(), session.facts().clientAddress(),
        context.settings().hostname(), protocol, queueId, tls, single, now.atZone(ZoneOffset.UTC));
    return AddedHeaders.build(trace, !headers.hasMessageId(), !headers.hasDate());
  }
}
