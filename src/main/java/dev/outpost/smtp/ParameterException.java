package dev.outpost.smtp;

/** An unknown or malformed MAIL/RCPT parameter, with the reply that says so. */
final class ParameterException extends Exception {
  private final Reply reply;

  ParameterException(Reply reply) {
    super(reply.toString(), null, false, false);
    this.reply = reply;
  }

  static ParameterException syntax(String what) {
    return new ParameterException(Replies.syntax(what));
  }

  Reply reply() {
    return reply;
  }
}
