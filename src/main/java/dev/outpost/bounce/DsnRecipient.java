package dev.outpost.bounce;

import java.time.Instant;

/**
 * One recipient as a DSN reports it.
 *
 * @param address the forward path as given in RCPT TO (the Final-Recipient)
 * @param orcpt ORCPT as {@code type;address} (decoded), or null
 * @param status the RFC 3463 code, e.g. "5.1.1"
 * @param reason the remote reply on one line ("550 5.1.1 no such user"), or Outpost's own reason
 * @param remoteMta the remote host name, or null when no server answered
 * @param category why it failed or is delayed; null for a relayed recipient
 * @param lastAttemptAt when the reported attempt ended
 */
public record DsnRecipient(
    String address, String orcpt, String status, String reason, String remoteMta, BounceCategory category,
    Instant lastAttemptAt) {

  /** Whether {@link #reason} is a reply of the remote server rather than Outpost's own words. */
  public boolean isRemoteReply() {
    return FailureReason.of(status, reason).replyCode() != 0;
  }

  /** The host of a mail log relay ({@code host[ip]:port}), or null for "none" and other non-hosts. */
  public static String remoteMtaOf(String relay) {
    if (relay == null) return null;
    int bracket = relay.indexOf('[');
    if (bracket <= 0) return null;
    return relay.substring(0, bracket);
  }
}
