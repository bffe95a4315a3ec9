package dev.outpost.spool;

import java.util.Set;

/**
 * One recipient of a queued message and its delivery state.
 *
 * @param address forward path, as given in RCPT TO
 * @param notifyOn NOTIFY= (RFC 3461); empty when the client gave none
 * @param orcpt ORCPT= as {@code type;xtext-decoded address}, or null
 * @param state where delivery to this recipient stands
 * @param attempts delivery attempts made so far
 * @param lastReply the last reply of the remote server or the reason of a local failure, or null
 */
public record Recipient(
    String address, Set<Recipient.DsnNotify> notifyOn, String orcpt, RecipientState state, int attempts, String lastReply) {

  public Recipient {
    notifyOn = Set.copyOf(notifyOn);
  }

  public static Recipient pending(String address, Set<Recipient.DsnNotify> notifyOn, String orcpt) {
    return new Recipient(address, notifyOn, orcpt, RecipientState.PENDING, 0, null);
  }

  public Recipient attempted(RecipientState newState, String reply) {
    return new Recipient(address, notifyOn, orcpt, newState, attempts + 1, reply);
  }

  /** Domain part of the address, lower-cased; empty for the bare {@code Postmaster}. */
  public String domain() {
    return domainOf(address);
  }

  /**
   * The domain mail to {@code address} is routed by: the part after the last '@' (which the
   * parser guarantees is outside any quoted local part), lower-cased. The relay check uses the
   * same function, so what it judges is what delivery does.
   */
  public static String domainOf(String address) {
    int at = address.lastIndexOf('@');
    return at < 0 ? "" : address.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
  }

  /** NOTIFY= values (RFC 3461). */
  public enum DsnNotify {
    NEVER,
    SUCCESS,
    FAILURE,
    DELAY
  }
}
