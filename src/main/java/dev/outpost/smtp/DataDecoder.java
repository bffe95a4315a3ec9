package dev.outpost.smtp;

import java.io.IOException;

/**
 * Decodes DATA content (RFC 5321 §4.1.1.4 and §4.5.2): removes dot-stuffing and finds the end.
 *
 * <p>Only CR LF "." CR LF ends the data. A CR or LF that is not part of a CR LF pair is a "bare"
 * newline; its presence is recorded and the message must then be rejected. This is what makes
 * SMTP smuggling impossible through Outpost: sequences such as LF "." LF or CR "." CR never end
 * the data here, and a message carrying them is never forwarded to a server that might read
 * them differently.
 *
 * <p>Pure and incremental: feed it buffers as they arrive; it consumes up to and including the
 * terminator and leaves what follows (pipelined commands) to the caller.
 */
public final class DataDecoder {
  private enum State { LINE_START, IN_LINE, CR, DOT, DOT_CR, DONE }

  private static final byte[] CR_BYTE = {'\r'};

  private State state = State.LINE_START;
  private boolean bareNewline;
  private boolean eightBit;
  private long contentLength;

  /**
   * Decodes from {@code buffer[offset, offset+length)} into {@code sink} and returns how many
   * octets were consumed; fewer than {@code length} only when the terminator was reached.
   */
  public int decode(byte[] buffer, int offset, int length, ContentSink sink) throws IOException {
    int end = offset + length;
    int runStart = offset;
    int i = offset;
    while (i < end && state != State.DONE) {
      if (state == State.IN_LINE) {
        // Nearly every octet is inside a line: skip to the next CR or LF in one tight loop, which
        // is what keeps DATA of large messages from costing a state switch per octet.
        int j = i;
        int bits = 0;
        while (j < end) {
          byte c = buffer[j];
          if (c == '\r' || c == '\n') break;
          bits |= c;
          j++;
        }
        if (bits < 0) eightBit = true;
        if (j == end) {
          i = end;
          break;
        }
        state = next(buffer[j]);
        i = j + 1;
        continue;
      }
      byte b = buffer[i];
      if (b < 0) eightBit = true;
      switch (state) {
        case LINE_START -> {
          if (b == '.') {
            emit(sink, buffer, runStart, i);
            state = State.DOT;
            runStart = i + 1;
          } else {
            state = next(b);
          }
        }
        case CR -> {
          if (b == '\n') {
            state = State.LINE_START;
          } else {
            bareNewline = true;
            state = next(b);
          }
        }
        case DOT -> {
          if (b == '\r') {
            state = State.DOT_CR;
            runStart = i + 1;
          } else {
            state = next(b);
          }
        }
        case DOT_CR -> {
          if (b == '\n') {
            state = State.DONE;
            runStart = i + 1;
          } else {
            bareNewline = true;
            sink.write(CR_BYTE, 0, 1);
            contentLength++;
            state = next(b);
            runStart = i;
          }
        }
        case IN_LINE, DONE -> throw new IllegalStateException("unreachable");
      }
      i++;
    }
    if (state != State.DONE && state != State.DOT && state != State.DOT_CR) emit(sink, buffer, runStart, i);
    return i - offset;
  }

  /** Only CR LF starts a line: after a bare LF a dot is content, so LF "." CR LF cannot end the data. */
  private State next(byte b) {
    if (b == '\r') return State.CR;
    if (b == '\n') bareNewline = true;
    return State.IN_LINE;
  }

  private void emit(ContentSink sink, byte[] buffer, int from, int to) throws IOException {
    if (to > from) {
      sink.write(buffer, from, to - from);
      contentLength += to - from;
    }
  }

  public boolean isComplete() {
    return state == State.DONE;
  }

  /** A CR or LF outside a CR LF pair was seen. */
  public boolean sawBareNewline() {
    return bareNewline;
  }

  /** An octet above 127 was seen: the message needs 8BITMIME at the next hop. */
  public boolean sawEightBit() {
    return eightBit;
  }

  /** Octets of decoded content so far, for the size limit. */
  public long contentLength() {
    return contentLength;
  }
}
