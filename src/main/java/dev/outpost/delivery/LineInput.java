package dev.outpost.delivery;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads CRLF-terminated reply lines from a socket stream through a buffer of its own, so that
 * the bytes it holds beyond the last line are known: {@link #buffered()} tells the STARTTLS step
 * what the server sent ahead of the handshake. A line longer than the limit or ending in a bare
 * LF is refused.
 */
final class LineInput {
  private final InputStream in;
  private final byte[] buffer;
  private int position;
  private int limit;

  LineInput(InputStream in, int bufferSize) {
    this.in = in;
    this.buffer = new byte[bufferSize];
  }

  /** Bytes received but not yet returned as lines. */
  int buffered() {
    return limit - position;
  }

  /** The next line without its CRLF; EOFException when the server closed the connection. */
  String readLine(int maxLength) throws IOException {
    byte[] line = null;
    int length = 0;
    while (true) {
      if (position == limit) fill();
      int start = position;
      while (position < limit && buffer[position] != '\n') position++;
      int chunk = position - start;
      boolean found = position < limit;
      if (length + chunk > maxLength + 1) {
        throw new MalformedReplyException("reply line longer than " + maxLength + " characters");
      }
      if (line == null && found) {
        position++;
        return finish(buffer, start, chunk);
      }
      if (line == null) line = new byte[maxLength + 1];
      System.arraycopy(buffer, start, line, length, chunk);
      length += chunk;
      if (found) {
        position++;
        return finish(line, 0, length);
      }
    }
  }

  private static String finish(byte[] bytes, int offset, int length) throws MalformedReplyException {
    if (length == 0 || bytes[offset + length - 1] != '\r') {
      throw new MalformedReplyException("reply line not terminated by CRLF");
    }
    return new String(bytes, offset, length - 1, StandardCharsets.UTF_8);
  }

  private void fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n < 0) throw new EOFException("connection closed by the server");
    position = 0;
    limit = n;
  }
}
