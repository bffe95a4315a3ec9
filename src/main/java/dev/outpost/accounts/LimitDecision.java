package dev.outpost.accounts;

import java.time.Instant;

/** Whether a message is within the account's limits, and if not, which limit it reached. */
public sealed interface LimitDecision {

  record WithinLimits() implements LimitDecision {}

  /**
   * @param limit the limit reached
   * @param max its value
   * @param current the count or size that reached it
   * @param resetsAt when a count limit's window ends; null for the per-message limits
   */
  record LimitReached(Limit limit, long max, long current, Instant resetsAt) implements LimitDecision {

    /** Words for the reply, e.g. "account limit reached: 500 messages per hour". */
    public String explanation() {
      return "account limit reached: " + max + " " + limit.description();
    }
  }

  LimitDecision WITHIN_LIMITS = new WithinLimits();
}
