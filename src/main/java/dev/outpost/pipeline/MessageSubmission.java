package dev.outpost.pipeline;

import dev.outpost.dkim.PendingSignature;
import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.MailLog;
import dev.outpost.policy.FromDecision;
import dev.outpost.policy.MessageFacts;
import dev.outpost.policy.SessionFacts;
import dev.outpost.smtp.Reply;
import dev.outpost.spool.Envelope;
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
 * One message on its way into the spool, whatever brought it. Content streams in through
 * {@link #write}: it is counted against the size limit, its header section is held until complete
 * so the From field can be judged (and changed) before anything is stored, and the body is
 * hashed for DKIM as it passes. {@link #finish} then runs the stages that need the whole message,
 * one method each, in this order: complaint reports and unsubscribe mail taken in, suppressed
 * recipients dropped, Outpost's header lines (List-Unsubscribe and Feedback-ID among them) added
 * and signed, the content check, the account's limits, the spool
 * commit, and the hand-over to the queue.
 *
 * <p>Octets past the size limit or after a write failure are counted and dropped, so a transport
 * can read the rest of what its client sends before it answers. Not thread-safe: one transport
 * thread owns it. Exactly one of {@link #finish} or {@link #abort} ends it.
 */
public final class MessageSubmission {
  private static final Logger LOG = LoggerFactory.getLogger(MessageSubmission.class);
  /** The header section is held until it is complete, so the From field can still be changed. */
  private static final int HEADER_HOLD_LIMIT = 256 * 1024;
  /** Larger messages are not copied for checks: the copy would cost that much memory per message. */
  private static final int COPY_LIMIT = 1024 * 1024;

  private final SubmissionPipeline pipeline;
  private final SessionFacts facts;
  private final String queueId;
  private final HeaderScanner headers = new HeaderScanner();
  private final ByteArrayOutputStream heldHeader = new ByteArrayOutputStream();
  /**
   * A copy of the stored message, while small, for the content check or a complaint report; null
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

  MessageSubmission(SubmissionPipeline pipeline, SessionFacts facts, String queueId, boolean keepCopy) {
    this.pipeline = pipeline;
    this.facts = facts;
    this.queueId = queueId;
    this.copy = keepCopy ? new ByteArrayOutputStream() : null;
    try {
      writer = pipeline.spool().begin(queueId);
    } catch (IOException e) {
      failure = e;
    }
  }

  public String queueId() {
    return queueId;
  }

  /** More octets than the size limit have arrived; the rest is being dropped. */
  public boolean isTooBig() {
    return tooBig;
  }

  public void write(byte[] buffer, int offset, int length) {
    size += length;
    if (size > pipeline.maxMessageSize()) {
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
    switch (pipeline.policy().checkFrom(facts, from)) {
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

  private void beginSignature(String fromAddress, byte[] header, boolean atEnd) {
    if (!atEnd && !headers.isComplete()) return;
    signature = pipeline.dkim().begin(fromAddress);
    if (signature != null) this.storedHeader = header;
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

  /** Runs the end-of-message stages and commits the message if none refuses it. */
  public SubmissionResult finish(Arrival arrival) {
    if (tooBig) return abortWith(new SubmissionResult.TooBig(pipeline.maxMessageSize()));
    if (!headerReleased && failure == null) releaseHeader(true);
    if (failure != null) return abortWith(storageFailure(failure));
    if (fromRefusal != null) return abortWith(new SubmissionResult.Refused(fromRefusal));
    if (hasComplaint(arrival.recipients())) {
      takeInComplaint();
      arrival = arrival.withRecipients(withoutComplaintsAddress(arrival.recipients()));
      if (arrival.recipients().isEmpty()) return abortWith(new SubmissionResult.TakenIn());
    }
    arrival = arrival.withRecipients(withoutUnsubscribeMail(arrival.recipients()));
    if (arrival.recipients().isEmpty()) return abortWith(new SubmissionResult.TakenIn());
    List<String> dropped = new ArrayList<>(0);
    arrival = arrival.withRecipients(withoutDropped(arrival.recipients(), dropped));
    if (arrival.recipients().isEmpty()) return abortWith(new SubmissionResult.AllDropped(dropped));
    Instant now = pipeline.clock().instant();
    byte[] prefix = addedHeaders(arrival, now);
    Reply refusal = checkContent(prefix);
    if (refusal == null) refusal = checkLimits(arrival);
    if (refusal != null) return abortWith(new SubmissionResult.Refused(refusal));
    Envelope envelope = envelope(arrival, prefix, now);
    try {
      writer.commit(envelope);
    } catch (IOException e) {
      return abortWith(storageFailure(e));
    }
    // Like Postfix's pickup, a message Outpost made itself (a campaign's) comes from "local".
    MailLog.accepted(queueId, arrival.sender(), envelope.recipients().size(), size,
        arrival.client() == null ? "local" : arrival.clientText(), arrival.via());
    DeliveryEvent.accepted(envelope).forEach(pipeline.events()::record);
    pipeline.onQueued().accept(envelope);
    return new SubmissionResult.Queued(envelope, dropped);
  }

  public void abort() {
    if (writer != null) writer.abort();
  }

  private boolean hasComplaint(List<Recipient> recipients) {
    return pipeline.complaints() != null
        && recipients.stream().anyMatch(r -> pipeline.complaints().isComplaintsAddress(r.address()));
  }

  private void takeInComplaint() {
    if (copy != null) pipeline.complaints().receive(copy.toByteArray(), queueId);
    else LOG.warn("{}: a complaint report over {} octets was not read", queueId, COPY_LIMIT);
  }

  /** Reports to the complaints address are taken in here, never relayed. */
  private List<Recipient> withoutComplaintsAddress(List<Recipient> recipients) {
    return recipients.stream().filter(r -> !pipeline.complaints().isComplaintsAddress(r.address())).toList();
  }

  /** Mail to an unsubscribe address is the opt-out itself: recorded here, never relayed. */
  private List<Recipient> withoutUnsubscribeMail(List<Recipient> recipients) {
    List<Recipient> kept = new ArrayList<>(recipients.size());
    for (Recipient r : recipients) {
      if (pipeline.mailto().isUnsubscribeAddress(r.address())) pipeline.mailto().receive(r.address(), queueId);
      else kept.add(r);
    }
    return kept;
  }

  private List<Recipient> withoutDropped(List<Recipient> recipients, List<String> dropped) {
    List<Recipient> kept = new ArrayList<>(recipients.size());
    for (Recipient r : recipients) {
      if (pipeline.policy().dropRecipient(facts, r.address())) dropped.add(r.address());
      else kept.add(r);
    }
    return kept;
  }

  /**
   * Outpost's header lines, DKIM-Signature fields first: they sign the final header section,
   * which is these lines after the signatures followed by the message's own header section.
   */
  private byte[] addedHeaders(Arrival arrival, Instant now) {
    byte[] added = concat(traceAndMissing(arrival, now), unsubscribeFields(arrival));
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
  private byte[] unsubscribeFields(Arrival arrival) {
    var present = new UnsubscribeHeaders.Present(headers.hasListUnsubscribe(), headers.hasFeedbackId());
    return pipeline.unsubscribeHeaders().fields(facts.account(),
        arrival.recipients().stream().map(Recipient::address).toList(), headers.campaign(), present, queueId);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private byte[] traceAndMissing(Arrival arrival, Instant now) {
    String single = arrival.recipients().size() == 1 ? arrival.recipients().get(0).address() : null;
    var trace = new AddedHeaders.Trace(arrival.helo(), arrival.client(), pipeline.hostname(), arrival.protocol(),
        queueId, arrival.tls(), single, now.atZone(ZoneOffset.UTC));
    return AddedHeaders.build(trace, !headers.hasMessageId(), !headers.hasDate());
  }

  /**
   * The content check, on the message as it will be delivered (Outpost's added header lines
   * first, so a Date or Message-ID it adds is not held against the sender); a message too large
   * to copy is left to the receivers' filters.
   */
  private Reply checkContent(byte[] prefix) {
    if (copy == null || pipeline.content() == null) return null;
    try {
      byte[] message = new byte[prefix.length + copy.size()];
      System.arraycopy(prefix, 0, message, 0, prefix.length);
      System.arraycopy(copy.toByteArray(), 0, message, prefix.length, copy.size());
      return pipeline.content().check(message, queueId);
    } catch (IOException e) {
      LOG.warn("{}: content check failed, message accepted unchecked: {}", queueId, e.getMessage());
      return null;
    }
  }

  /** Counted last, so that a message refused for any other reason does not use up the quota. */
  private Reply checkLimits(Arrival arrival) {
    return SubmissionPipeline.refusal(
        pipeline.policy().checkMessage(facts, new MessageFacts(arrival.recipients().size(), size)));
  }

  private Envelope envelope(Arrival arrival, byte[] prefix, Instant now) {
    return new Envelope(queueId, arrival.sender(), deliverable(arrival.recipients()), now, arrival.clientText(),
        arrival.helo(), arrival.smtpUtf8(), arrival.bodyType(), arrival.ret(), arrival.envId(), prefix, written, now)
        .withOrigin(facts.account(), headers.campaign());
  }

  /** A bare {@code Postmaster} goes to the postmaster of this host, so it can be routed. */
  private List<Recipient> deliverable(List<Recipient> recipients) {
    return recipients.stream()
        .map(r -> r.address().indexOf('@') < 0
            ? Recipient.pending(r.address() + "@" + pipeline.hostname(), r.notifyOn(), r.orcpt())
            : r)
        .toList();
  }

  private SubmissionResult abortWith(SubmissionResult result) {
    abort();
    return result;
  }

  private SubmissionResult storageFailure(IOException e) {
    if (e instanceof SpoolFullException) {
      LOG.warn("{}: spool full, message refused: {}", queueId, e.getMessage());
      return new SubmissionResult.StorageFull();
    }
    LOG.error("{}: spool write failed, message refused", queueId, e);
    return new SubmissionResult.StorageFailed();
  }
}
