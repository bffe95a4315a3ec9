package dev.outpost.compose;

/**
 * A file attached to a message.
 *
 * @param filename the name the recipient sees
 * @param contentType its MIME type, such as {@code application/pdf}
 */
public record Attachment(String filename, String contentType, byte[] content) {}
