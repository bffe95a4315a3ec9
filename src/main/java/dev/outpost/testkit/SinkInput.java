package dev.outpost.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Line reader for the sink. Before it blocks for more input it flushes the session's replies:
 * that is what makes a pipelined group get its replies in one write (RFC 2920 server side).
 */
final class SinkInput {
  private static final int MAX_LINE = 1 << 20;

  private final InputStream in;
  private final OutputStream flushBeforeBlocking;
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private int limit;

  SinkInput(InputStream in, OutputStream flushBeforeBlocking) {
    this.in = in;
    this.flushBeforeBlocking = flushBeforeBlocking;
  }

  /** The next line including its LF (and CR, if any); null at end of stream. */
  byte[] readLine() throws IOException {
    byte[] line = new byte[128];
    int length = 0;
    while (true) {
      if (position == limit && !fill()) return length == 0 ? null : Arrays.copyOf(line, length);
      byte b = buffer[position++];
      if (length == line.length) {
        if (length >= MAX_LINE) throw new IOException("line longer than " + MAX_LINE + " bytes");
        line = Arrays.copyOf(line, length * 2);
      }
      line[length++] = b;
      if (b == '\n') return Arrays.copyOf(line, length);
    }
  }

  private boolean fill() throws IOException {
    flushBeforeBlocking.flush();
    int n = in.read(buffer, 0, buffer.length);
    if (n < 0) return false;
    position = 0;
    limit = n;
    return true;
  }
}
