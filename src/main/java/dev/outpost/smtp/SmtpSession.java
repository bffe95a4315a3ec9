package dev.outpost.smtp;

import dev.outpost.policy.Decision;
import dev.outpost.policy.SessionFacts;
import dev.outpost.policy.SessionPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The server side of one SMTP conversation as a pure state machine: command lines and data
 * outcomes come in, replies and instructions for the I/O layer go out. It never touches a socket,
 * the spool or a clock, so every protocol rule is testable as a transcript.
 *
 * <p>Not thread-safe: one connection drives it from one thread.
 */
public final class SmtpSession {
  private enum DataMode { NONE, DATA, BDAT }

  private final SessionSettings settings;
  private final SessionPolicy policy;
  private SessionFacts facts;
  private String heloName;
  private boolean extended;
  private TlsInfo tls;
  private SaslExchange sasl;
  private Transaction transaction;
  private DataMode dataMode = DataMode.NONE;
  private int errors;
  private int junkCommands;

  public SmtpSession(SessionSettings settings, SessionPolicy policy, SessionFacts facts) {
    this.settings = settings;
    this.policy = policy;
    this.facts = facts;
  }

  /** The first reply; a client that spoke before it is refused (a sign of a spam bot). */
  public Step greet(boolean clientTalkedFirst) {
    if (clientTalkedFirst) return Step.close(Replies.TALKED_BEFORE_GREETING);
    return Step.reply(Replies.greeting(settings.hostname()));
  }

  /** Handles one command line, without its CRLF. */
  public Step onCommand(String line) {
    if (sasl != null) return onSaslResponse(line);
    SmtpCommand command = CommandParser.parse(line);
    Step step = switch (command) {
      case SmtpCommand.Ehlo c -> onHello(c.domain(), true);
      case SmtpCommand.Helo c -> onHello(c.domain(), false);
      case SmtpCommand.Mail c -> onMail(c);
      case SmtpCommand.Rcpt c -> onRcpt(c);
      case SmtpCommand.Data c -> onData();
      case SmtpCommand.Bdat c -> onBdat(c);
      case SmtpCommand.Rset c -> {
        resetTransaction();
        yield Step.reply(Replies.RESET_OK);
      }
      case SmtpCommand.Noop c -> Step.reply(Replies.NOOP_OK);
      case SmtpCommand.Quit c -> Step.close(Replies.closing(settings.hostname()));
      case SmtpCommand.Vrfy c -> Step.reply(Replies.VRFY_CANNOT);
      case SmtpCommand.Help c -> Step.reply(Replies.HELP);
      case SmtpCommand.StartTls c -> onStartTls();
      case SmtpCommand.Auth c -> onAuth(c);
      case SmtpCommand.Invalid c -> Step.reply(c.reply());
    };
    if (isJunk(command) && ++junkCommands > settings.maxJunkCommands()) {
      return Step.close(Replies.TOO_MANY_JUNK_COMMANDS);
    }
    return countErrors(step);
  }

  /** Commands that move no mail; a session made of them is a scan or a connection held open. */
  private static boolean isJunk(SmtpCommand command) {
    return command instanceof SmtpCommand.Noop || command instanceof SmtpCommand.Rset
        || command instanceof SmtpCommand.Vrfy || command instanceof SmtpCommand.Help;
  }

  /** The line was longer than RFC 5321's 512 octets; the I/O layer has skipped the rest of it. */
  public Step onLineTooLong() {
    return countErrors(Step.reply(Replies.LINE_TOO_LONG));
  }

  /** The line was not valid UTF-8 (RFC 6531 allows UTF-8 only). */
  public Step onMalformedLine() {
    return countErrors(Step.reply(Replies.NOT_UTF8));
  }

  /** A refused BDAT chunk has been read and dropped; the refusal counts like any other error. */
  public Step onChunkRefused(Reply rejection) {
    return countErrors(Step.reply(rejection));
  }

  /** The client sent nothing within the timeout. */
  public Step onTimeout() {
    return Step.close(Replies.TIMEOUT);
  }

  /** TLS is up: everything learnt before it is forgotten (RFC 3207 §4.2). */
  public Step onTlsStarted(TlsInfo info) {
    tls = info;
    facts = facts.withTls();
    heloName = null;
    extended = false;
    resetTransaction();
    return new Step(null, new Step.Next.ReadCommand());
  }

  /** The credentials of an AUTH exchange were checked with this outcome. */
  public Step onAuthenticated(AuthOutcome outcome) {
    return switch (outcome) {
      case AuthOutcome.Success s -> {
        facts = facts.withAccount(s.account());
        yield Step.reply(Replies.AUTH_SUCCESS);
      }
      case AuthOutcome.BadCredentials b -> countErrors(Step.reply(Replies.AUTH_FAILED));
      case AuthOutcome.Blocked b -> Step.reply(Replies.AUTH_BLOCKED);
      case AuthOutcome.Unavailable u -> Step.reply(Replies.AUTH_UNAVAILABLE);
    };
  }

  /** A non-final BDAT chunk was stored. */
  public Step onChunkStored(long size) {
    return Step.reply(Replies.chunkReceived(size));
  }

  /** The message data ended (DATA's final dot or the last BDAT chunk) with this outcome. */
  public Step onMessageComplete(MessageOutcome outcome) {
    resetTransaction();
    return Step.reply(switch (outcome) {
      case MessageOutcome.Queued q -> Replies.queued(q.queueId());
      case MessageOutcome.TooBig t -> Replies.messageTooBig(settings.maxMessageSize());
      case MessageOutcome.BareNewline b -> Replies.BARE_NEWLINE;
      case MessageOutcome.StorageFull f -> Replies.SPOOL_FULL;
      case MessageOutcome.StorageFailed f -> Replies.LOCAL_ERROR;
      case MessageOutcome.Refused r -> r.reply();
      case MessageOutcome.Received r -> Replies.REPORT_RECEIVED;
      case MessageOutcome.AllDropped d -> Replies.ALL_DROPPED;
    });
  }

  /** The transaction the I/O layer is receiving data for, or null. */
  public Transaction transaction() {
    return transaction;
  }

  /** Whether message data is being received, so an open spool writer must be kept. */
  public boolean isReceivingData() {
    return dataMode != DataMode.NONE;
  }

  public String heloName() {
    return heloName;
  }

  public boolean isExtended() {
    return extended;
  }

  public TlsInfo tls() {
    return tls;
  }

  public SessionFacts facts() {
    return facts;
  }

  private Step onHello(String domain, boolean ehlo) {
    resetTransaction();
    heloName = domain;
    extended = ehlo;
    if (!ehlo) return Step.reply(Replies.helo(settings.hostname()));
    List<String> lines = new ArrayList<>();
    lines.add("PIPELINING");
    lines.add("SIZE " + settings.maxMessageSize());
    lines.add("8BITMIME");
    lines.add("SMTPUTF8");
    lines.add("ENHANCEDSTATUSCODES");
    lines.add("CHUNKING");
    lines.add("DSN");
    if (settings.startTlsOffered() && tls == null) lines.add("STARTTLS");
    if (settings.authOffered() && tls != null) lines.add(SaslExchange.ADVERTISED);
    lines.add("HELP");
    return Step.reply(Replies.ehlo(settings.hostname(), domain, lines));
  }

  private Step onMail(SmtpCommand.Mail command) {
    if (heloName == null) return Step.reply(Replies.HELO_FIRST);
    if (transaction != null) return Step.reply(Replies.NESTED_MAIL);
    if (!extended && !command.parameters().isEmpty()) {
      return Step.reply(Replies.unknownParameter(command.parameters().keySet().iterator().next()));
    }
    MailParameters parameters;
    try {
      parameters = MailParameters.parse(command.parameters());
    } catch (ParameterException e) {
      return Step.reply(e.reply());
    }
    if (!parameters.smtpUtf8() && Mailbox.isNonAscii(command.sender())) return Step.reply(Replies.NON_ASCII_ADDRESS);
    if (parameters.declaredSize() > settings.maxMessageSize()) {
      return Step.reply(Replies.messageTooBig(settings.maxMessageSize()));
    }
    Decision decision = policy.checkSender(facts, command.sender());
    if (!(decision instanceof Decision.Accept)) return refuse(decision);
    transaction = new Transaction(command.sender(), parameters, List.of());
    return Step.reply(Replies.SENDER_OK);
  }

  private Step onRcpt(SmtpCommand.Rcpt command) {
    if (transaction == null) return Step.reply(heloName == null ? Replies.HELO_FIRST : Replies.NEED_MAIL);
    if (dataMode != DataMode.NONE) return Step.reply(Replies.RCPT_DURING_DATA);
    if (transaction.recipients().size() >= settings.maxRecipients()) return Step.reply(Replies.TOO_MANY_RECIPIENTS);
    if (!extended && !command.parameters().isEmpty()) {
      return Step.reply(Replies.unknownParameter(command.parameters().keySet().iterator().next()));
    }
    RcptParameters parameters;
    try {
      parameters = RcptParameters.parse(command.parameters());
    } catch (ParameterException e) {
      return Step.reply(e.reply());
    }
    if (!transaction.parameters().smtpUtf8() && Mailbox.isNonAscii(command.recipient())) {
      return Step.reply(Replies.NON_ASCII_ADDRESS);
    }
    Decision decision = policy.checkRecipient(facts, command.recipient(), transaction.recipients().size());
    if (!(decision instanceof Decision.Accept)) return refuse(decision);
    transaction = transaction.with(new Transaction.AcceptedRecipient(command.recipient(), parameters));
    return Step.reply(Replies.RECIPIENT_OK);
  }

  private Step onData() {
    if (dataMode == DataMode.BDAT) return Step.reply(Replies.DATA_AFTER_BDAT);
    if (transaction == null) return Step.reply(heloName == null ? Replies.HELO_FIRST : Replies.NEED_MAIL);
    if (transaction.recipients().isEmpty()) return Step.reply(Replies.NEED_RCPT);
    dataMode = DataMode.DATA;
    return new Step(Replies.START_DATA, new Step.Next.ReadData());
  }

  /** The chunk's octets are always consumed, even when refused, or the stream would desynchronise. */
  private Step onBdat(SmtpCommand.Bdat command) {
    Reply rejection = null;
    if (transaction == null) {
      rejection = heloName == null ? Replies.HELO_FIRST : Replies.NEED_MAIL;
    } else if (transaction.recipients().isEmpty()) {
      rejection = Replies.NEED_RCPT;
    }
    if (rejection != null) return new Step(null, new Step.Next.ReadChunk(command.size(), command.last(), rejection));
    dataMode = DataMode.BDAT;
    return new Step(null, new Step.Next.ReadChunk(command.size(), command.last(), null));
  }

  /** RFC 4954: AUTH only over TLS, once per session, never inside a transaction. */
  private Step onAuth(SmtpCommand.Auth command) {
    if (!settings.authOffered()) return Step.reply(Replies.AUTH_NOT_OFFERED);
    if (heloName == null || !extended) return Step.reply(Replies.HELO_FIRST);
    if (tls == null) return Step.reply(Replies.AUTH_NEEDS_TLS);
    if (facts.authenticated()) return Step.reply(Replies.AUTH_ALREADY);
    if (transaction != null) return Step.reply(Replies.AUTH_IN_TRANSACTION);
    SaslExchange.Started started = SaslExchange.start(command.mechanism(), command.initialResponse());
    sasl = started.exchange();
    return sasl(started.first());
  }

  private Step onSaslResponse(String line) {
    return sasl(sasl.respond(line));
  }

  private Step sasl(SaslExchange.Result result) {
    return switch (result) {
      case SaslExchange.Result.Challenge c -> Step.reply(Replies.saslChallenge(c.base64()));
      case SaslExchange.Result.Done d -> {
        sasl = null;
        yield new Step(null, new Step.Next.Authenticate(d.credentials()));
      }
      case SaslExchange.Result.Failed f -> {
        sasl = null;
        yield countErrors(Step.reply(f.reply()));
      }
    };
  }

  private Step onStartTls() {
    if (!settings.startTlsOffered()) return Step.reply(Replies.TLS_NOT_AVAILABLE);
    if (tls != null) return Step.reply(Replies.TLS_ALREADY_ACTIVE);
    if (transaction != null) return Step.reply(Replies.TLS_IN_TRANSACTION);
    return new Step(Replies.READY_FOR_TLS, new Step.Next.StartTls());
  }

  private Step refuse(Decision decision) {
    return switch (decision) {
      case Decision.Accept a -> throw new IllegalArgumentException("not a refusal");
      case Decision.Reject r -> Step.reply(r.reply());
      case Decision.TempFail t -> Step.reply(t.reply());
      case Decision.Disconnect d -> Step.close(d.reply());
    };
  }

  private void resetTransaction() {
    transaction = null;
    dataMode = DataMode.NONE;
  }

  /**
   * Counts replies that blame the client. Past {@code errorDelayAfter} each further one is held
   * back, which costs a scanner time and a real client nothing; past {@code maxErrors} the session
   * ends.
   */
  private Step countErrors(Step step) {
    Reply reply = step.reply();
    if (reply != null && reply.code() >= 500 && reply.code() != 552 && reply.code() != 554) {
      errors++;
      if (errors > settings.maxErrors()) return Step.close(Replies.TOO_MANY_ERRORS);
      if (errors > settings.errorDelayAfter()) return step.delayed(settings.errorDelay());
    }
    return step;
  }
}
