package dev.outpost.spool;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Generates queue ids: 16 characters of Crockford base32 (80 bits) that sort by creation time,
 * are safe as file names and as RocksDB key prefixes, and do not repeat across restarts.
 *
 * <p>Layout, most significant first: 44 bits of epoch milliseconds (enough until the year 2527),
 * 20 bits of sequence and 16 random bits chosen once per generator. The first 64 bits form one
 * counter that only grows: each id takes {@code max(previous + 1, now << 20)}, so ids are unique
 * and ordered within a process even when the clock steps back or more than a million ids are
 * asked for in one millisecond (the counter then runs ahead of the clock until it catches up).
 * A restart starts from the clock again; the random node bits keep two processes that share a
 * millisecond apart.
 */
public final class QueueIds {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final int SEQUENCE_BITS = 20;
  private static final Pattern SAFE_ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");

  private final Clock clock;
  private final int node;
  private final AtomicLong last = new AtomicLong();

  /** A generator with random node bits, reading the system clock. */
  public QueueIds() {
    this(Clock.systemUTC(), new SecureRandom().nextInt(1 << 16));
  }

  /** A generator for tests: a fixed clock and node shows the sequence at work. */
  public QueueIds(Clock clock, int node) {
    if (node < 0 || node >= 1 << 16) throw new IllegalArgumentException("node must fit in 16 bits: " + node);
    this.clock = clock;
    this.node = node;
  }

  public String next() {
    long floor = clock.millis() << SEQUENCE_BITS;
    long counter = last.accumulateAndGet(floor, (prev, now) -> Long.compareUnsigned(prev + 1, now) >= 0 ? prev + 1 : now);
    return encode(counter, node);
  }

  /**
   * Checks that a queue id given to a spool is one the engines can use as a file name and as a key
   * prefix: 1 to 64 ASCII letters, digits, '-' or '_'. Ids from {@link #next} always pass.
   */
  public static String requireSafe(String queueId) {
    if (queueId == null || !SAFE_ID.matcher(queueId).matches()) {
      throw new IllegalArgumentException(
          "queue id must be 1 to 64 ASCII letters, digits, '-' or '_', got: " + queueId);
    }
    return queueId;
  }

  private static String encode(long high, int low16) {
    char[] out = new char[16];
    // 80 bits = high (64) followed by low16 (16); emit 5 bits at a time from the least significant end.
    long lowPart = low16;
    long highPart = high;
    for (int i = 15; i >= 0; i--) {
      out[i] = ALPHABET[(int) (lowPart & 31)];
      lowPart = (lowPart >>> 5) | ((highPart & 31) << 11);
      highPart >>>= 5;
    }
    return new String(out);
  }
}
