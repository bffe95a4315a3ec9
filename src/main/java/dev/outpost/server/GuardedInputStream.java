package dev.outpost.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that runs a guard around every blocking read. The connection uses it to set
 * each read's deadline from the time left in the session, so that a client trickling one byte at
 * a time cannot stretch a session past its limit.
 */
final class GuardedInputStream extends FilterInputStream {

  /** Runs around each read; throws to refuse it or to end it with an error. */
  interface Guard {
    void beforeRead() throws IOException;

    /** Returns what the read returned ({@code result}), or throws instead. */
    int afterRead(int result) throws IOException;
  }

  private final Guard guard;

  GuardedInputStream(InputStream in, Guard guard) {
    super(in);
    this.guard = guard;
  }

  @Override
  public int read() throws IOException {
    guard.beforeRead();
    return guard.afterRead(super.read());
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    guard.beforeRead();
    return guard.afterRead(super.read(buffer, offset, length));
  }
}
