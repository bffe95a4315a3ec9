package dev.outpost.accounts;

import java.time.Duration;

/**
 * Tuning of {@link AccountService}.
 *
 * @param lockoutFailures AUTH failures of one account, from any clients, that lock it
 * @param lockoutWindow the window those failures are counted in
 * @param lockoutDuration how long the account stays locked
 * @param usageFlushInterval how often counted messages are written to the store; what a crash
 *     can lose, and how stale {@code account show} and other nodes may be
 */
public record AccountSettings(
    int lockoutFailures, Duration lockoutWindow, Duration lockoutDuration, Duration usageFlushInterval) {

  /**
   * Twenty failures in ten minutes: far more than a person mistyping, far fewer than a
   * credential-stuffing run needs. Fifteen minutes of lock makes such a run pointless while a
   * locked-out owner waits only a little.
   */
  public static AccountSettings defaults() {
    return new AccountSettings(20, Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofSeconds(5));
  }

  public AccountSettings {
    if (lockoutFailures < 1 || lockoutWindow.isNegative() || lockoutWindow.isZero() || lockoutDuration.isNegative()
        || usageFlushInterval.isNegative() || usageFlushInterval.isZero()) {
      throw new IllegalArgumentException("lockout failures >= 1 and positive durations");
    }
  }
}
