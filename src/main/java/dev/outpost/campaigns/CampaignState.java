package dev.outpost.campaigns;

import java.util.Locale;

/**
 * Where a campaign stands. draft → sending ⇄ paused → done; any but done → cancelled. Done means
 * every recipient was expanded into the queue (or suppressed or failed), not that every message
 * was delivered.
 */
public enum CampaignState {
  DRAFT,
  SENDING,
  PAUSED,
  DONE,
  CANCELLED;

  /** The name in the store and the API: {@code sending}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CampaignState ofKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
