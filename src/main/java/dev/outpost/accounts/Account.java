package dev.outpost.accounts;

import java.time.Instant;
import java.util.Objects;

/**
 * A sender: the unit that owns sending domains, credentials, API keys and limits.
 *
 * @param name unique, chosen by the operator; the key of everything the account owns
 * @param enabled a disabled account cannot authenticate (SMTP answers 535)
 * @param bounceAddress where bounces go when the From: header is rewritten; null for none
 * @param limits sending limits, zero meaning unlimited
 * @param listUnsubscribe Outpost adds List-Unsubscribe, List-Unsubscribe-Post and Feedback-ID to
 *     the account's mail (on by default)
 * @param lockedUntil set by repeated AUTH failures; until then no password is accepted; null
 *     when not locked
 * @param createdAt when the account was added
 */
public record Account(
    String name, boolean enabled, String bounceAddress, AccountLimits limits, boolean listUnsubscribe,
    Instant lockedUntil, Instant createdAt) {

  public Account {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** A new, enabled, unlocked account whose mail gets unsubscribe headers. */
  public static Account create(String name, String bounceAddress, AccountLimits limits, Instant now) {
    return new Account(AccountNames.check(name), true, bounceAddress, limits, true, null, now);
  }

  public Account withEnabled(boolean value, Instant lock) {
    return new Account(name, value, bounceAddress, limits, listUnsubscribe, lock, createdAt);
  }

  public Account withLockedUntil(Instant value) {
    return new Account(name, enabled, bounceAddress, limits, listUnsubscribe, value, createdAt);
  }

  public Account withListUnsubscribe(boolean value) {
    return new Account(name, enabled, bounceAddress, limits, value, lockedUntil, createdAt);
  }

  public boolean lockedAt(Instant now) {
    return lockedUntil != null && now.isBefore(lockedUntil);
  }
}
