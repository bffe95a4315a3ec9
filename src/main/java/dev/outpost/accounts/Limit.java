package dev.outpost.accounts;

/**
 * The limits an account can reach. The SMTP replies they map to: the message counts are
 * temporary ({@code 450 4.7.1}: try later, the window will pass), too many recipients is
 * {@code 452 4.5.3} (the client sends the rest in another transaction), a message too large is
 * permanent ({@code 552 5.3.4}).
 */
public enum Limit {
  MESSAGES_PER_HOUR("messages per hour", UsageWindow.HOUR),
  MESSAGES_PER_DAY("messages per day", UsageWindow.DAY),
  MESSAGES_PER_MONTH("messages per month", UsageWindow.MONTH),
  RECIPIENTS_PER_MESSAGE("recipients per message", null),
  MESSAGE_SIZE("message size", null);

  private final String description;
  private final UsageWindow window;

  Limit(String description, UsageWindow window) {
    this.description = description;
    this.window = window;
  }

  /** Words for replies and the CLI, e.g. "messages per hour". */
  public String description() {
    return description;
  }

  /** The counting window of a message-count limit; null for the per-message limits. */
  public UsageWindow window() {
    return window;
  }

  /** The message-count limit counted in {@code window}. */
  public static Limit countedIn(UsageWindow window) {
    return switch (window) {
      case HOUR -> MESSAGES_PER_HOUR;
      case DAY -> MESSAGES_PER_DAY;
      case MONTH -> MESSAGES_PER_MONTH;
    };
  }
}
