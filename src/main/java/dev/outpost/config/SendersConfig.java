package dev.outpost.config;

/**
 * {@code [senders]}: what happens when an authenticated account's message carries a From:
 * address outside the account's domains.
 *
 * @param fromMismatch {@code REJECT} with 553 5.7.1, or {@code REWRITE} the From field to the
 *     account's bounce address (the original kept as X-Original-From)
 */
public record SendersConfig(FromMismatch fromMismatch) {

  public static SendersConfig defaults() {
    return new SendersConfig(FromMismatch.REJECT);
  }

  public enum FromMismatch {
    REJECT,
    REWRITE
  }
}
