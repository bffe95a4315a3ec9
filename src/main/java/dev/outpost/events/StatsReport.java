package dev.outpost.events;

import java.util.List;

/**
 * The rows of a statistics query, by bucket and then group.
 *
 * @param truncated more rows matched than {@link #MAX_ROWS}; narrow the time range or the grouping
 */
public record StatsReport(List<StatsRow> rows, boolean truncated) {
  public static final int MAX_ROWS = 10_000;

  public StatsReport {
    rows = List.copyOf(rows);
  }
}
