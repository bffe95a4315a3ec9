package dev.outpost.delivery;

import java.time.Duration;

/**
 * Where a session stands while the client waits or writes; it picks the timeout (RFC 5321
 * 4.5.3.2) and names the step in error messages ("while waiting for the reply to RCPT TO").
 */
enum Phase {
  GREETING("the greeting"),
  EHLO("the reply to EHLO"),
  HELO("the reply to HELO"),
  STARTTLS("the reply to STARTTLS"),
  TLS_HANDSHAKE("the TLS handshake"),
  RSET("the reply to RSET"),
  MAIL("the reply to MAIL FROM"),
  RCPT("the reply to RCPT TO"),
  DATA("the reply to DATA"),
  BODY("sending the message"),
  END_OF_DATA("the reply to end of data"),
  QUIT("the reply to QUIT");

  final String description;

  Phase(String description) {
    this.description = description;
  }

  Duration timeout(ClientSettings s) {
    return switch (this) {
      case GREETING -> s.greetingTimeout();
      case EHLO, HELO, STARTTLS, TLS_HANDSHAKE, RSET, MAIL, RCPT, QUIT -> s.commandTimeout();
      case DATA, BODY -> s.dataTimeout();
      case END_OF_DATA -> s.finalReplyTimeout();
    };
  }
}
