package dev.outpost.tracking;

import java.util.Objects;

/**
 * The message that an open or a click is filed under, as its tracking token carries it.
 *
 * @param queueId the message's queue id
 * @param recipient the one recipient whose copy this is, or null when one body went to several
 *     recipients and so cannot tell them apart
 * @param account the sending account, or null
 * @param campaign the campaign id, or null
 */
public record TrackedMessage(String queueId, String recipient, String account, String campaign) {
  public TrackedMessage {
    Objects.requireNonNull(queueId, "queueId");
  }
}
