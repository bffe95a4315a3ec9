package dev.outpost.accounts;

/**
 * The sending limits of one account. Zero means unlimited for every field, so a new account with
 * {@link #UNLIMITED} can send until an operator sets a limit.
 *
 * @param messagesPerHour accepted messages per UTC clock hour
 * @param messagesPerDay accepted messages per UTC calendar day
 * @param messagesPerMonth accepted messages per UTC calendar month
 * @param recipientsPerMessage recipients of one message
 * @param maxMessageSize bytes of one message
 */
public record AccountLimits(
    long messagesPerHour, long messagesPerDay, long messagesPerMonth, int recipientsPerMessage, long maxMessageSize) {
  public static final AccountLimits UNLIMITED = new AccountLimits(0, 0, 0, 0, 0);

  public AccountLimits {
    if (messagesPerHour < 0 || messagesPerDay < 0 || messagesPerMonth < 0 || recipientsPerMessage < 0
        || maxMessageSize < 0) {
      throw new IllegalArgumentException("limits are zero (unlimited) or positive");
    }
  }

  /** The limit for one kind, zero when that kind is unlimited. */
  public long of(Limit limit) {
    return switch (limit) {
      case MESSAGES_PER_HOUR -> messagesPerHour;
      case MESSAGES_PER_DAY -> messagesPerDay;
      case MESSAGES_PER_MONTH -> messagesPerMonth;
      case RECIPIENTS_PER_MESSAGE -> recipientsPerMessage;
      case MESSAGE_SIZE -> maxMessageSize;
    };
  }
}
