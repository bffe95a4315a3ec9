package dev.outpost.suppression;

import java.util.Locale;

/**
 * Why an address is suppressed. Hard bounces and complaints are the recipient's side saying "do
 * not send"; unsubscribes and manual entries are the list owner's. Any of them may carry an
 * expiry, but only soft reasons should.
 */
public enum SuppressionReason {
  HARD_BOUNCE,
  COMPLAINT,
  UNSUBSCRIBE,
  MANUAL;

  /** The name in the store, the CLI and replies: {@code hard_bounce}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException naming the accepted keys */
  public static SuppressionReason ofKey(String key) {
    for (SuppressionReason r : values()) {
      if (r.key().equals(key)) return r;
    }
    throw new IllegalArgumentException("unknown suppression reason \"" + key
        + "\"; the reasons are hard_bounce, complaint, unsubscribe and manual");
  }
}
