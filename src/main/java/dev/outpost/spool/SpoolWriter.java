package dev.outpost.spool;

import java.io.Closeable;
import java.io.IOException;

/**
 * Streams one message body into the spool. Memory use is bounded whatever the body's size.
 * Exactly one of {@link #commit} or {@link #abort} ends it; {@link #close} aborts if neither has.
 */
public interface SpoolWriter extends Closeable {

  void write(byte[] buffer, int offset, int length) throws IOException;

  /** Stores the envelope beside the body and returns once both are durable. */
  void commit(Envelope envelope) throws IOException;

  /** Discards what was written. Never throws. */
  void abort();

  @Override
  default void close() {
    abort();
  }
}
