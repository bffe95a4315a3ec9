package dev.outpost.campaigns;

import java.util.Locale;

/** Where one recipient of a campaign stands. */
public enum RecipientState {
  /** Not yet expanded: the next run takes it. */
  PENDING,
  /** Its message is committed to the spool, under the recipient's queue id. */
  QUEUED,
  /** On a suppression list of the account or the global one; not sent. */
  SUPPRESSED,
  /** Refused for good (the content check, a size limit, a template that failed to render). */
  FAILED,
  /** The campaign was cancelled before its message was delivered. */
  CANCELLED;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RecipientState ofKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
