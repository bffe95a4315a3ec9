package dev.outpost.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * A socket output stream whose writes time out: a receiver that stops reading would otherwise
 * block a delivery forever. Each write runs under the connection's {@link SocketDeadline}.
 */
final class DeadlineOutputStream extends OutputStream {
  private final SocketDeadline deadline;
  private final OutputStream out;
  private Duration timeout;

  DeadlineOutputStream(SocketDeadline deadline, OutputStream out, Duration timeout) {
    this.deadline = deadline;
    this.out = out;
    this.timeout = timeout;
  }

  void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    deadline.begin(timeout);
    try {
      out.write(b, off, len);
    } finally {
      deadline.end();
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }
}
