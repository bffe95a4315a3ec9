package dev.outpost.delivery;

import dev.outpost.smtp.Xtext;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Moves one message over one connection: splits its recipients into transactions, runs each
 * (pipelined per RFC 2920 when offered) and maps every reply to per-recipient outcomes.
 *
 * <p>Rules: a recipient's outcome is its RCPT reply when that is not 2xx, otherwise the reply
 * to DATA or to the final dot. A 452 at RCPT ("too many recipients") puts the recipient back for
 * the next transaction on this connection, as long as this transaction accepted someone (so the
 * loop always ends). An I/O failure defers every recipient still without an outcome.
 */
final class MessageTransfer {
  static final int BLOCK = 32 * 1024;
  private static final int TOO_MANY_RECIPIENTS = 452;

  private final SmtpClientConnection connection;
  private final OutboundMessage message;
  private final RecipientOutcome[] outcomes;
  private final ClientCommand.RcptTo[] rcpts;
  private ClientCommand.MailFrom mail;
  private Phase phase = Phase.MAIL;

  MessageTransfer(SmtpClientConnection connection, OutboundMessage message) {
    this.connection = connection;
    this.message = message;
    this.outcomes = new RecipientOutcome[message.recipients().size()];
    this.rcpts = new ClientCommand.RcptTo[outcomes.length];
  }

  DeliveryReport run() {
    Deque<Integer> waiting = prepare();
    try {
      while (!waiting.isEmpty()) {
        List<Integer> batch = new ArrayList<>();
        while (!waiting.isEmpty() && batch.size() < connection.settings().recipientsPerTransaction()) {
          batch.add(waiting.removeFirst());
        }
        List<Integer> again = transaction(batch);
        for (int k = again.size() - 1; k >= 0; k--) {
          outcomes[again.get(k)] = null;
          waiting.addFirst(again.get(k));
        }
      }
    } catch (SpoolReadException e) {
      // The body could not be read mid-DATA: the only way to avoid sending a truncated message
      // is to drop the connection before the final dot.
      connection.abort();
      deferUnresolved("4.3.0", "cannot read the message from the spool: " + SmtpClientConnection.reason(e.getCause()));
    } catch (BodyUnavailableException e) {
      deferUnresolved("4.3.0", "cannot read the message from the spool: " + SmtpClientConnection.reason(e.getCause()));
    } catch (IOException e) {
      ConnectionFailedException failure = connection.failure(e, phase);
      connection.abort();
      deferUnresolved(failure.dsn(), failure.getMessage());
    }
    return new DeliveryReport(Arrays.asList(outcomes), connection.relay(), connection.isUsable());
  }

  /** Refuses what cannot be sent at all and builds the commands; returns the recipients to send. */
  private Deque<Integer> prepare() {
    Deque<Integer> waiting = new ArrayDeque<>();
    Capabilities caps = connection.capabilities();
    Envelope envelope = message.envelope();
    RecipientOutcome refusal = null;
    boolean utf8 = message.needsSmtpUtf8() || (envelope.smtpUtf8() && caps.smtpUtf8());
    if (utf8 && !caps.smtpUtf8()) {
      refusal = new RecipientOutcome.Failed("5.6.7", "the message has non-ASCII addresses, which need SMTPUTF8,"
          + " and " + connection.relay() + " does not offer it");
    } else if (message.envelope().bodyType() != Envelope.BodyType.SEVEN_BIT && !caps.eightBitMime()) {
      // RFC 6152 §3: 8-bit content must not go to a server without 8BITMIME; converting a
      // signed message to quoted-printable would break its DKIM signature, so it bounces.
      refusal = new RecipientOutcome.Failed("5.6.3", "the message has 8-bit content and " + connection.relay()
          + " does not offer 8BITMIME");
    } else if (caps.tooLarge(message.size())) {
      refusal = new RecipientOutcome.Failed("5.3.4", "message size " + message.size()
          + " exceeds the limit of " + caps.sizeLimit() + " octets of " + connection.relay());
    } else {
      try {
        mail = new ClientCommand.MailFrom(envelope.sender(), mailParameters(caps, utf8));
      } catch (UnsafeCommandException e) {
        refusal = new RecipientOutcome.Failed("5.1.7", e.getMessage());
      }
    }
    for (int i = 0; i < outcomes.length; i++) {
      if (refusal != null) {
        outcomes[i] = refusal;
        continue;
      }
      try {
        rcpts[i] = new ClientCommand.RcptTo(message.recipients().get(i).address(),
            rcptParameters(caps, message.recipients().get(i)));
        waiting.add(i);
      } catch (UnsafeCommandException e) {
        outcomes[i] = new RecipientOutcome.Failed("5.1.3", e.getMessage());
      }
    }
    return waiting;
  }

  private List<String> mailParameters(Capabilities caps, boolean utf8) {
    List<String> params = new ArrayList<>(3);
    if (caps.size()) params.add("SIZE=" + message.size());
    if (message.envelope().bodyType() != Envelope.BodyType.SEVEN_BIT) {
      params.add("BODY=8BITMIME");
    }
    if (utf8) params.add("SMTPUTF8");
    if (caps.dsn()) {
      Envelope envelope = message.envelope();
      if (envelope.ret() != null) params.add("RET=" + envelope.ret().name());
      if (envelope.envId() != null) params.add("ENVID=" + Xtext.encode(envelope.envId()));
    }
    return params;
  }

  /** RFC 3461 §4: a relay passes the DSN requests on to a next hop that supports DSN. */
  private static List<String> rcptParameters(Capabilities caps, Recipient recipient) {
    if (!caps.dsn()) return List.of();
    List<String> params = new ArrayList<>(2);
    if (!recipient.notifyOn().isEmpty()) {
      params.add("NOTIFY=" + String.join(",", recipient.notifyOn().stream().sorted().map(Enum::name).toList()));
    }
    if (recipient.orcpt() != null) {
      int semi = recipient.orcpt().indexOf(';');
      params.add("ORCPT=" + recipient.orcpt().substring(0, semi + 1) + Xtext.encode(recipient.orcpt().substring(semi + 1)));
    }
    return params;
  }

  /** Runs one transaction; returns the recipients to try again in the next one. */
  private List<Integer> transaction(List<Integer> batch) throws IOException {
    try (InputStream body = openBody()) {
      return connection.capabilities().pipelining() ? pipelined(batch, body) : stepByStep(batch, body);
    }
  }

  private List<Integer> pipelined(List<Integer> batch, InputStream body) throws IOException {
    boolean reset = connection.takeResetPending();
    List<ClientCommand> group = new ArrayList<>(batch.size() + 3);
    if (reset) group.add(new ClientCommand.Rset());
    group.add(mail);
    for (int i : batch) group.add(rcpts[i]);
    group.add(new ClientCommand.Data());
    phase = reset ? Phase.RSET : Phase.MAIL;
    connection.send(group, Phase.MAIL);
    if (reset) expectReset();
    phase = Phase.MAIL;
    SmtpReply mailReply = connection.read(Phase.MAIL);
    phase = Phase.RCPT;
    SmtpReply[] rcptReplies = new SmtpReply[batch.size()];
    for (int k = 0; k < batch.size(); k++) rcptReplies[k] = connection.read(Phase.RCPT);
    phase = Phase.DATA;
    SmtpReply dataReply = connection.read(Phase.DATA);

    if (!mailReply.isPositive()) {
      for (int i : batch) outcomes[i] = RecipientOutcome.ofRejection(mailReply);
      endUnwantedData(dataReply);
      return List.of();
    }
    List<Integer> accepted = new ArrayList<>(batch.size());
    List<Integer> kept = new ArrayList<>();
    for (int k = 0; k < batch.size(); k++) {
      classify(batch.get(k), rcptReplies[k], accepted, kept);
    }
    if (accepted.isEmpty() || dataReply.code() != 354) {
      for (int i : accepted) outcomes[i] = RecipientOutcome.ofRejection(dataReply);
      endUnwantedData(dataReply);
      connection.requireReset();
      return List.of();
    }
    finish(accepted, body);
    return kept;
  }

  private List<Integer> stepByStep(List<Integer> batch, InputStream body) throws IOException {
    if (connection.takeResetPending()) {
      phase = Phase.RSET;
      connection.send(List.of(new ClientCommand.Rset()), Phase.RSET);
      expectReset();
    }
    phase = Phase.MAIL;
    connection.send(List.of(mail), Phase.MAIL);
    SmtpReply mailReply = connection.read(Phase.MAIL);
    if (!mailReply.isPositive()) {
      for (int i : batch) outcomes[i] = RecipientOutcome.ofRejection(mailReply);
      return List.of();
    }
    List<Integer> accepted = new ArrayList<>(batch.size());
    List<Integer> kept = new ArrayList<>();
    SmtpReply tooMany = null;
    phase = Phase.RCPT;
    for (int i : batch) {
      if (tooMany != null) {
        // The server said it takes no more recipients; the rest wait for the next transaction.
        kept.add(i);
        outcomes[i] = RecipientOutcome.of(tooMany);
        continue;
      }
      connection.send(List.of(rcpts[i]), Phase.RCPT);
      SmtpReply reply = connection.read(Phase.RCPT);
      classify(i, reply, accepted, kept);
      if (reply.code() == TOO_MANY_RECIPIENTS) tooMany = reply;
    }
    if (accepted.isEmpty()) {
      connection.requireReset();
      return List.of();
    }
    phase = Phase.DATA;
    connection.send(List.of(new ClientCommand.Data()), Phase.DATA);
    SmtpReply dataReply = connection.read(Phase.DATA);
    if (dataReply.code() != 354) {
      for (int i : accepted) outcomes[i] = RecipientOutcome.ofRejection(dataReply);
      connection.requireReset();
      return List.of();
    }
    finish(accepted, body);
    return kept;
  }

  /**
   * Files a RCPT reply. A 452 recipient gets a deferral as a placeholder, replaced by a real
   * outcome if it is retried in a later transaction.
   */
  private void classify(int index, SmtpReply reply, List<Integer> accepted, List<Integer> kept) {
    if (reply.isPositive()) {
      accepted.add(index);
      return;
    }
    outcomes[index] = RecipientOutcome.ofRejection(reply);
    if (reply.code() == TOO_MANY_RECIPIENTS) kept.add(index);
  }

  /** Streams the body, reads the final reply and gives it to every accepted recipient. */
  private void finish(List<Integer> accepted, InputStream body) throws IOException {
    phase = Phase.BODY;
    byte[] in = connection.bodyIn();
    byte[] out = connection.bodyOut();
    DotStuffer stuffer = new DotStuffer();
    byte[] prefix = message.envelope().headerPrefix();
    for (int offset = 0; offset < prefix.length; offset += BLOCK) {
      int n = stuffer.transform(prefix, offset, Math.min(BLOCK, prefix.length - offset), out);
      connection.write(out, 0, n, Phase.BODY);
    }
    while (true) {
      int read;
      try {
        read = body.read(in, 0, in.length);
      } catch (IOException e) {
        throw new SpoolReadException(e);
      }
      if (read < 0) break;
      int n = stuffer.transform(in, 0, read, out);
      connection.write(out, 0, n, Phase.BODY);
    }
    int n = stuffer.finish(out);
    connection.write(out, 0, n, Phase.BODY);
    connection.flush();
    phase = Phase.END_OF_DATA;
    SmtpReply reply = connection.read(Phase.END_OF_DATA);
    RecipientOutcome outcome = RecipientOutcome.of(reply);
    for (int i : accepted) outcomes[i] = outcome;
  }

  /**
   * A server that answers 354 although the transaction has no recipient (or failed MAIL) waits
   * for data; an empty message ends it, and its reply means nothing. RFC 2920 3.1.
   */
  private void endUnwantedData(SmtpReply dataReply) throws IOException {
    if (dataReply.code() != 354) return;
    phase = Phase.END_OF_DATA;
    byte[] end = {'.', '\r', '\n'};
    connection.write(end, 0, end.length, Phase.BODY);
    connection.flush();
    connection.read(Phase.END_OF_DATA);
    connection.requireReset();
  }

  private void expectReset() throws IOException {
    SmtpReply reply = connection.read(Phase.RSET);
    if (!reply.isPositive()) throw new MalformedReplyException("RSET answered " + reply.oneLine());
  }

  private InputStream openBody() throws BodyUnavailableException {
    try {
      return message.body().open();
    } catch (IOException e) {
      throw new BodyUnavailableException(e);
    }
  }

  private void deferUnresolved(String dsn, String reason) {
    for (int i = 0; i < outcomes.length; i++) {
      if (outcomes[i] == null) outcomes[i] = new RecipientOutcome.Deferred(dsn, reason);
    }
  }

  /** Reading the body failed after DATA was accepted. */
  private static final class SpoolReadException extends IOException {
    SpoolReadException(IOException cause) {
      super(cause);
    }
  }

  /** The body could not be opened; nothing was sent for this transaction yet. */
  private static final class BodyUnavailableException extends IOException {
    BodyUnavailableException(IOException cause) {
      super(cause);
    }
  }
}
