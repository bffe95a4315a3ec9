package dev.outpost.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that runs a guard before every blocking read. The connection uses it to set
 * each read's timeout from the time left in the session, so that a client trickling one byte at
 * a time cannot stretch a session past its limit.
 */
final class GuardedInputStream extends FilterInputStream {

  /** Runs before each read; throws to refuse it. */
  @FunctionalInterface
  interface Guard {
    void beforeRead() throws IOException;
  }

  private final Guard guard;

  GuardedInputStream(InputStream in, Guard guard) {
    super(in);
    this.guard = guard;
  }

  @Override
  public int read() throws IOException {
    guard.beforeRead();
    return super.read();
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    guard.beforeRead();
    return super.read(buffer, offset, length);
  }
}
