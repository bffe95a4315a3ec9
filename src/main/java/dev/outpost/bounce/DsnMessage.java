package dev.outpost.bounce;

/**
 * A DSN ready to be queued: sent from the null reverse path {@code <>} to {@link #recipient}.
 *
 * @param recipient the original message's sender
 * @param content the whole message, headers and body, CRLF line ends
 * @param smtpUtf8 true only when the recipient's address is not ASCII, so the To header and the
 *     envelope need SMTPUTF8; otherwise the content is 7-bit
 */
public record DsnMessage(DsnAction action, String recipient, String messageId, byte[] content, boolean smtpUtf8) {}
