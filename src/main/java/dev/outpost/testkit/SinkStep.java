package dev.outpost.testkit;

/** The points of an SMTP session where a {@link SinkBehaviour} can change what the sink does. */
public enum SinkStep {
  GREETING,
  EHLO,
  STARTTLS,
  MAIL,
  RCPT,
  DATA,
  /** The reply after the final dot. */
  END_OF_DATA
}
