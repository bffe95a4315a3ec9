package dev.outpost.accounts;

/**
 * Messages counted for an account in the current hour, day and month. Each count covers only
 * its own window, so {@code hour <= day <= month} holds whenever all three were counted together.
 */
public record UsageCounts(long hour, long day, long month) {
  public static final UsageCounts NONE = new UsageCounts(0, 0, 0);

  public long in(UsageWindow window) {
    return switch (window) {
      case HOUR -> hour;
      case DAY -> day;
      case MONTH -> month;
    };
  }

  public UsageCounts plus(UsageCounts other) {
    return new UsageCounts(hour + other.hour, day + other.day, month + other.month);
  }
}
