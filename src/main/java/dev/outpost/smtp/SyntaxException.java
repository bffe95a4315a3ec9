package dev.outpost.smtp;

/** A syntax problem found while parsing a command line; the message says what is wrong. */
final class SyntaxException extends Exception {
  private final boolean aboutAddress;

  SyntaxException(boolean aboutAddress, String message) {
    super(message, null, false, false);
    this.aboutAddress = aboutAddress;
  }

  /** The 501 to send: the address-specific one when the address itself is malformed. */
  Reply reply(Reply addressReply) {
    return aboutAddress
        ? addressReply.withText(addressReply.lines().get(0) + ": " + getMessage())
        : Replies.syntax(getMessage());
  }
}
