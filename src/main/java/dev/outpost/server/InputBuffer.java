package dev.outpost.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The connection's read buffer. Command lines, DATA content and BDAT chunks are all read from the
 * same buffer so that pipelined input is never lost between modes, and so that STARTTLS can
 * discard exactly the plaintext that arrived after the command (CVE-2011-0411).
 */
final class InputBuffer {
  /** RFC 5321 §4.5.3.1.4: a command line is at most 512 octets including CRLF. */
  static final int MAX_LINE = 512;

  /** The result of {@link #readLine()} for a line that was too long (the rest was skipped). */
  static final String TOO_LONG = new String("<line too long>");

  /** The result of {@link #readLine()} for a line that is not valid UTF-8. */
  static final String NOT_UTF8 = new String("<not UTF-8>");

  private final byte[] buffer;
  private InputStream in;
  private int pos;
  private int limit;

  InputBuffer(InputStream in, int size) {
    this.in = in;
    this.buffer = new byte[size];
  }

  /** Switches to a new stream (after the TLS handshake); nothing buffered survives. */
  void replaceStream(InputStream stream) {
    in = stream;
    discard();
  }

  private void discard() {
    pos = 0;
    limit = 0;
  }

  /** Octets buffered here or readable without blocking; zero means the client's input ran dry. */
  int available() throws IOException {
    return (limit - pos) + in.available();
  }

  /**
   * Reads one line without its line ending (CRLF, or a lone LF, which is tolerated in commands),
   * {@link #TOO_LONG} for a line over 512 octets, or null at end of stream.
   */
  String readLine() throws IOException {
    int scanned = 0;
    boolean overflow = false;
    while (true) {
      for (int i = pos + scanned; i < limit; i++) {
        if (buffer[i] == '\n') {
          int lineLength = i + 1 - pos;
          int end = i > pos && buffer[i - 1] == '\r' ? i - 1 : i;
          String line = overflow || lineLength > MAX_LINE ? TOO_LONG : decode(pos, end);
          pos = i + 1;
          return line;
        }
      }
      scanned = limit - pos;
      if (scanned >= MAX_LINE) {
        overflow = true;
        pos = limit;
        scanned = 0;
      }
      if (!readMore()) return null;
    }
  }

  /**
   * Strict decoding: a malformed octet is reported rather than replaced, so an address is never
   * stored as something other than what the client sent.
   */
  private String decode(int from, int to) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(buffer, from, to - from))
          .toString();
    } catch (CharacterCodingException e) {
      return NOT_UTF8;
    }
  }

  /** Makes at least one octet available; false at end of stream. */
  boolean fill() throws IOException {
    if (pos < limit) return true;
    if (pos > 0 && pos == limit) {
      pos = 0;
      limit = 0;
    }
    return readMore();
  }

  private boolean readMore() throws IOException {
    if (pos > 0) {
      System.arraycopy(buffer, pos, buffer, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    int n = in.read(buffer, limit, buffer.length - limit);
    if (n < 0) return false;
    limit += n;
    return true;
  }

  byte[] array() {
    return buffer;
  }

  int position() {
    return pos;
  }

  int buffered() {
    return limit - pos;
  }

  void skip(int n) {
    pos += n;
  }
}
