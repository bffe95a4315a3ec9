package dev.outpost.smtp;

import java.util.List;

/**
 * The catalog of every reply the server sends. The session replies only from here, and tests
 * assert against these names, so the words a client sees are reviewed in one place.
 */
public final class Replies {
  private Replies() {}

  // Connection
  public static Reply greeting(String hostname) {
    return new Reply(220, null, hostname + " ESMTP Outpost");
  }

  /** EHLO: the first line greets, then one extension keyword per line (no enhanced code, RFC 2034). */
  public static Reply ehlo(String hostname, String clientName, List<String> extensions) {
    List<String> lines = new java.util.ArrayList<>(extensions.size() + 1);
    lines.add(hostname + " greets " + clientName);
    lines.addAll(extensions);
    return new Reply(250, null, lines);
  }

  public static Reply helo(String hostname) {
    return new Reply(250, null, hostname);
  }

  public static Reply closing(String hostname) {
    return new Reply(221, "2.0.0", hostname + " closing connection");
  }

  public static final Reply TALKED_BEFORE_GREETING =
      new Reply(554, "5.5.1", "Protocol error: client sent data before the greeting");
  public static final Reply TOO_MANY_CONNECTIONS =
      new Reply(421, "4.7.0", "Too many connections, try again later");
  public static final Reply TOO_MANY_CONNECTIONS_FROM_IP =
      new Reply(421, "4.7.0", "Too many connections from your address, try again later");
  public static final Reply CONNECTION_RATE_EXCEEDED =
      new Reply(421, "4.7.0", "Too many connections from your address in the last minute, try again later");
  public static final Reply TOO_MANY_JUNK_COMMANDS =
      new Reply(421, "4.7.0", "Too many commands that do not send mail, closing connection");
  public static final Reply SESSION_TOO_LONG = new Reply(421, "4.4.2", "Session time limit exceeded, closing connection");
  public static final Reply TIMEOUT = new Reply(421, "4.4.2", "Timeout exceeded, closing connection");
  public static final Reply TOO_MANY_ERRORS = new Reply(421, "4.7.0", "Too many errors, closing connection");
  public static final Reply SHUTTING_DOWN = new Reply(421, "4.3.2", "Server shutting down, try again later");

  // Generic
  public static final Reply SENDER_OK = new Reply(250, "2.1.0", "Sender ok");
  public static final Reply RECIPIENT_OK = new Reply(250, "2.1.5", "Recipient ok");
  public static final Reply REPORT_RECEIVED = new Reply(250, "2.0.0", "Ok: report received");
  public static final Reply ALL_DROPPED =
      new Reply(250, "2.0.0", "Ok: not queued, every recipient is on a suppression list");
  public static final Reply RESET_OK = new Reply(250, "2.0.0", "Reset ok");
  public static final Reply NOOP_OK = new Reply(250, "2.0.0", "Ok");
  public static final Reply VRFY_CANNOT =
      new Reply(252, "2.5.0", "Cannot verify the user, but will accept mail and attempt delivery");
  public static final Reply HELP = new Reply(214, "2.0.0", List.of(
      "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS",
      "See https://www.rfc-editor.org/rfc/rfc5321"));
  public static final Reply START_DATA = new Reply(354, null, "End data with <CR><LF>.<CR><LF>");
  public static final Reply READY_FOR_TLS = new Reply(220, "2.0.0", "Ready to start TLS");

  public static Reply queued(String queueId) {
    return new Reply(250, "2.0.0", "Ok: queued as " + queueId);
  }

  public static Reply chunkReceived(long size) {
    return new Reply(250, "2.0.0", size + " octets received");
  }

  // Syntax (5.5.x)
  public static final Reply UNRECOGNIZED = new Reply(500, "5.5.2", "Command not recognized");
  public static final Reply LINE_TOO_LONG = new Reply(500, "5.5.2", "Line too long (limit is 512 octets)");
  public static final Reply NOT_UTF8 = new Reply(500, "5.5.2", "Command is not valid UTF-8");

  public static Reply syntax(String what) {
    return new Reply(501, "5.5.4", "Syntax error: " + what);
  }

  public static Reply unknownParameter(String name) {
    return new Reply(555, "5.5.4", "Unsupported parameter " + name);
  }

  // Sequence (5.5.1)
  public static final Reply HELO_FIRST = new Reply(503, "5.5.1", "Send EHLO or HELO first");
  public static final Reply NESTED_MAIL = new Reply(503, "5.5.1", "Sender already given; send RSET first");
  public static final Reply NEED_MAIL = new Reply(503, "5.5.1", "Send MAIL FROM first");
  public static final Reply NEED_RCPT = new Reply(503, "5.5.1", "Send RCPT TO first");
  public static final Reply TLS_ALREADY_ACTIVE = new Reply(503, "5.5.1", "TLS is already active");
  public static final Reply TLS_NOT_AVAILABLE = new Reply(502, "5.5.1", "STARTTLS is not offered on this port");
  public static final Reply TLS_IN_TRANSACTION =
      new Reply(503, "5.5.1", "STARTTLS is not allowed during a mail transaction");
  public static final Reply DATA_AFTER_BDAT = new Reply(503, "5.5.1", "DATA is not allowed after BDAT");
  public static final Reply RCPT_DURING_DATA =
      new Reply(503, "5.5.1", "RCPT is not allowed once message data has started");

  // Addresses and policy
  public static final Reply NON_ASCII_ADDRESS =
      new Reply(553, "5.6.7", "Non-ASCII address needs the SMTPUTF8 parameter");
  public static final Reply BAD_SENDER_SYNTAX = new Reply(501, "5.1.7", "Malformed sender address");
  public static final Reply BAD_RECIPIENT_SYNTAX = new Reply(501, "5.1.3", "Malformed recipient address");
  public static final Reply RELAY_DENIED = new Reply(554, "5.7.1", "Relay access denied");
  public static final Reply AUTH_REQUIRED = new Reply(530, "5.7.0", "Authentication required");
  public static final Reply TOO_MANY_RECIPIENTS = new Reply(452, "4.5.3", "Too many recipients");

  /** Says nothing of why: a guessed or edited address must not learn whether it came close. */
  public static final Reply UNKNOWN_UNSUBSCRIBE_ADDRESS = new Reply(550, "5.1.1", "No such unsubscribe address");
  public static final Reply UNSUBSCRIBE_LOOKUP_FAILED =
      new Reply(451, "4.3.0", "Cannot check the unsubscribe address now, try again later");

  public static Reply senderNotOwned(String sender, String account) {
    return new Reply(553, "5.7.1", "Sender <" + sender + "> is not in a domain of account " + account);
  }

  /** {@code scope} is the account whose list holds the address, or {@code global}. */
  public static Reply suppressed(String recipient, String scope, String reason) {
    return new Reply(550, "5.7.1", "<" + recipient + "> is on the suppression list of " + scope + ": " + reason);
  }

  public static Reply fromHeaderNotOwned(String from, String account) {
    return new Reply(553, "5.7.1", "From: <" + from + "> is not in a domain of account " + account);
  }

  /** An account limit: 450 4.7.1 for a count, 452 4.5.3 for recipients, 552 5.3.4 for size. */
  public static Reply accountLimit(int code, String enhanced, String explanation) {
    return new Reply(code, enhanced, explanation.substring(0, 1).toUpperCase(java.util.Locale.ROOT)
        + explanation.substring(1));
  }

  // Authentication (RFC 4954)
  public static final Reply AUTH_NOT_OFFERED = new Reply(502, "5.5.1", "AUTH is not offered on this port");
  public static final Reply AUTH_SUCCESS = new Reply(235, "2.7.0", "Authentication successful");
  public static final Reply AUTH_FAILED = new Reply(535, "5.7.8", "Authentication credentials invalid");
  public static final Reply AUTH_CANCELLED = new Reply(501, "5.7.0", "Authentication cancelled");
  public static final Reply AUTH_BAD_ENCODING = new Reply(501, "5.5.2", "Cannot decode the authentication response");
  public static final Reply AUTH_NEEDS_TLS =
      new Reply(538, "5.7.11", "Encryption required for requested authentication mechanism");
  public static final Reply AUTH_ALREADY = new Reply(503, "5.5.1", "Already authenticated");
  public static final Reply AUTH_IN_TRANSACTION = new Reply(503, "5.5.1", "AUTH is not allowed during a mail transaction");
  public static final Reply AUTH_MECHANISM_UNKNOWN = new Reply(504, "5.5.4", "Unrecognized authentication mechanism");
  public static final Reply AUTH_BLOCKED =
      new Reply(454, "4.7.0", "Too many failed authentications; try again later");
  public static final Reply AUTH_UNAVAILABLE = new Reply(454, "4.7.0", "Temporary authentication failure");

  /** A SASL challenge; the text is base64 (empty for PLAIN's first step). */
  public static Reply saslChallenge(String base64) {
    return new Reply(334, null, base64);
  }

  // Message content
  public static Reply messageTooBig(long limit) {
    return new Reply(552, "5.3.4", "Message too big (limit is " + limit + " octets)");
  }

  /** The content lint refused the message; {@code findings} are its heaviest findings. */
  public static Reply contentRejected(double score, String findings) {
    return new Reply(550, "5.7.1", String.format(java.util.Locale.ROOT,
        "Message refused: it looks like spam (score %.1f): %s", score, findings));
  }

  public static final Reply BARE_NEWLINE = new Reply(550, "5.6.0",
      "Message rejected: bare CR or LF in message data; end every line with CRLF");
  public static final Reply BDAT_SIZE_INVALID = new Reply(501, "5.5.4", "BDAT chunk size is not a number");

  // Local trouble
  public static final Reply LOCAL_ERROR = new Reply(451, "4.3.0", "Local error in processing, try again later");
  public static final Reply SPOOL_FULL = new Reply(452, "4.3.1", "Insufficient system storage, try again later");
}
