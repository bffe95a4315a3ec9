package dev.outpost.testkit;

/** The points of an SMTP session where a {@link SinkBehaviour} can change what the sink does. */
public enum SinkStep {
  GREETING,
  EHLO,
  STARTTLS,
  MAIL,
  RCPT,
  DATA,
  /**
   * Inside the message content, after its first line: a stall here stops reading, so the client's
   * writes back up once the socket buffers are full (a message of a few megabytes fills them);
   * a drop here loses the connection mid-message.
   */
  DATA_CONTENT,
  /** The reply after the final dot. */
  END_OF_DATA
}
