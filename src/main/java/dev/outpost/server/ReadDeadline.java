package dev.outpost.server;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * The deadline of a connection's blocking read, enforced from outside the reading thread. A
 * virtual thread that blocks in a read with {@code SO_TIMEOUT} parks with a deadline, and every
 * such park queues and later cancels an entry in the JDK's timer: at the relay defaults that cost
 * about a tenth of Outpost's CPU (BENCHMARKS.md). So a plain-text connection reads without a
 * socket timeout, its listener's watchdog calls {@link #expireIfDue} every
 * {@link SmtpListener#WATCHDOG_TICK}, and a read past its deadline is ended by shutting the
 * socket's input down: the reader sees the end of the stream and {@link #afterRead} turns it into
 * the timeout it is, so the session still answers {@code 421 4.4.2}.
 *
 * <p>Thread-safety: the reading thread arms and disarms; the watchdog only expires.
 */
final class ReadDeadline {
  private final Socket socket;
  private volatile boolean armed;
  private volatile long deadlineNanos;
  private volatile boolean expired;

  ReadDeadline(Socket socket) {
    this.socket = socket;
  }

  /** Before a blocking read that must end by {@code deadline} (a {@link System#nanoTime} value). */
  void arm(long deadline) throws SocketTimeoutException {
    if (expired) throw new SocketTimeoutException("read timed out");
    deadlineNanos = deadline;
    armed = true;
  }

  /** After the read: {@code result} as the read returned it, unless the watchdog ended the read. */
  int afterRead(int result) throws SocketTimeoutException {
    armed = false;
    if (result < 0 && expired) throw new SocketTimeoutException("read timed out");
    return result;
  }

  /** Called by the watchdog: ends the read in progress if its deadline has passed. */
  void expireIfDue(long now) {
    if (!armed || now - deadlineNanos < 0) return;
    expired = true;
    try {
      socket.shutdownInput();
    } catch (IOException ignored) {
      // the socket is already closed or shut down: the read has ended either way
    }
  }
}
