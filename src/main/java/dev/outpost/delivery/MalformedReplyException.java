package dev.outpost.delivery;

import java.io.IOException;

/**
 * The remote server sent something that is not an SMTP reply. The connection cannot be trusted
 * to stay in step afterwards, so it is treated like a dropped connection.
 */
public final class MalformedReplyException extends IOException {
  public MalformedReplyException(String message) {
    super(message);
  }
}
