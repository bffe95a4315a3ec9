package dev.outpost.shaping;

/**
 * An exact sliding-window count of sends: a send may start only while fewer than {@code limit}
 * sends are in flight or finished within the last {@code window}.
 *
 * <p>Why finish times: a send is counted from the moment it starts until {@code window} after
 * it finished. The receiver records a message's arrival between those two moments, so any two
 * arrivals {@code limit} sends apart are at least {@code window} apart at the receiver too,
 * whatever the network and the other side's latency do. Counting start times would only bound
 * the starts.
 *
 * <p>Finish times are appended in increasing order (they are taken under the caller's lock), so
 * the ring buffer stays sorted and expiring is a walk from its head. Memory: one long per send
 * in the window, at most {@code capacity}. Not thread-safe: {@link SiteBucket} guards it.
 */
final class SendWindow {
  private final long windowNanos;
  private final long[] finished;
  private int head;
  private int size;
  private int inFlight;

  /** @param capacity the largest limit {@link #tryStart} will be asked for */
  SendWindow(int capacity, long windowNanos) {
    this.windowNanos = windowNanos;
    this.finished = new long[capacity];
  }

  /**
   * Starts a send if {@code limit} allows it now; returns 0 when started, otherwise the
   * nanoseconds until a finished send leaves the window, or -1 when only a send in flight
   * finishing can make room.
   */
  long tryStart(int limit, long now) {
    expire(now);
    int excess = inFlight + size - limit;
    if (excess < 0) {
      inFlight++;
      return 0;
    }
    if (excess >= size) return -1;
    long leaves = finished[(head + excess) % finished.length] + windowNanos;
    return Math.max(1, leaves - now);
  }

  /**
   * Ends a send started with {@link #tryStart}, at {@code now} (never earlier than the last).
   * Room is certain: a start needs {@code inFlight + size < limit <= capacity}.
   */
  void finish(long now) {
    inFlight--;
    finished[(head + size) % finished.length] = now;
    size++;
  }

  /** Sends counted against the limit right now. */
  int counted(long now) {
    expire(now);
    return inFlight + size;
  }

  private void expire(long now) {
    while (size > 0 && finished[head] + windowNanos <= now) {
      head = (head + 1) % finished.length;
      size--;
    }
  }
}
