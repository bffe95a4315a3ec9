package dev.outpost.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A socket output stream whose writes time out. Java sockets have no write timeout, so a
 * receiver that stops reading would block a delivery forever; here each write publishes a
 * deadline, and one shared watchdog thread closes the socket of any write that outlives it.
 *
 * <p>Invariant: {@code deadline} is 0 exactly when no write is in progress, so the watchdog
 * never closes an idle connection. The watchdog only looks at open connections, never the queue.
 */
final class DeadlineOutputStream extends OutputStream {
  private static final Set<DeadlineOutputStream> OPEN = ConcurrentHashMap.newKeySet();
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  static {
    Thread.ofPlatform().daemon().name("outpost-write-watchdog").start(DeadlineOutputStream::watch);
  }

  private final Socket socket;
  private final OutputStream out;
  private volatile long deadline;
  private volatile boolean expired;
  private long timeoutNanos;

  DeadlineOutputStream(Socket socket, OutputStream out, Duration timeout) {
    this.socket = socket;
    this.out = out;
    this.timeoutNanos = timeout.toNanos();
    OPEN.add(this);
  }

  void setTimeout(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  /** True when the watchdog closed the socket because a write took too long. */
  boolean expired() {
    return expired;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    deadline = Math.max(1, System.nanoTime() + timeoutNanos);
    try {
      out.write(b, off, len);
    } finally {
      deadline = 0;
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() {
    OPEN.remove(this);
  }

  private static void watch() {
    while (true) {
      try {
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(TICK_NANOS));
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (DeadlineOutputStream s : OPEN) {
        long d = s.deadline;
        if (d != 0 && now - d > 0) {
          s.expired = true;
          try {
            s.socket.close();
          } catch (IOException ignored) {
            // Closing is the whole point; a failure to close leaves nothing else to do.
          }
        }
      }
    }
  }
}
