package dev.outpost.delivery;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deadline of the blocking read or write in progress on one delivery connection, enforced by
 * one watchdog thread shared by all of them, which closes the socket of any I/O that outlives its
 * deadline. Java sockets have no write timeout at all; and a read with {@code SO_TIMEOUT} parks
 * its virtual thread with a deadline, which costs the JDK's timer an entry and a wake-up per read
 * (a tenth of Outpost's CPU at the relay defaults, BENCHMARKS.md). So neither is timed by the
 * socket.
 *
 * <p>Invariant: {@code deadline} is 0 exactly when no I/O is in progress, so the watchdog never
 * closes an idle connection. The socket is the plain one under any TLS layer, whose reads and
 * writes then fail with it.
 */
final class SocketDeadline implements AutoCloseable {
  private static final Set<SocketDeadline> OPEN = ConcurrentHashMap.newKeySet();
  /** How often the watchdog looks: the slack of every delivery timeout. */
  private static final long TICK_MILLIS = 100;

  static {
    Thread.ofPlatform().daemon().name("outpost-delivery-io-watchdog").start(SocketDeadline::watch);
  }

  private final Socket socket;
  private volatile long deadline;
  private volatile boolean expired;

  SocketDeadline(Socket socket) {
    this.socket = socket;
    OPEN.add(this);
  }

  /** Before blocking I/O that must be done within {@code timeout}. */
  void begin(Duration timeout) {
    deadline = Math.max(1, System.nanoTime() + timeout.toNanos());
  }

  /** After that I/O, whether it succeeded or not. */
  void end() {
    deadline = 0;
  }

  /** True when the watchdog closed the socket because a read or write took too long. */
  boolean expired() {
    return expired;
  }

  @Override
  public void close() {
    OPEN.remove(this);
  }

  private static void watch() {
    while (true) {
      try {
        Thread.sleep(TICK_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (SocketDeadline s : OPEN) {
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
