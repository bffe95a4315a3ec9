package dev.outpost.spool;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Durable storage for queued messages: the boundary between receiving and delivery.
 *
 * <p>Invariants every engine keeps:
 * <ul>
 *   <li>{@link SpoolWriter#commit} returns only once envelope and body are on stable storage
 *       (fsynced). Concurrent commits share fsyncs, so durability does not cost one fsync per
 *       message.
 *   <li>A crash at any moment leaves every committed message readable and no partial message
 *       visible: a message either has its envelope and whole body, or does not exist.
 *   <li>{@link #forEachEnvelope} reads envelopes only, never bodies.
 *   <li>A full disk or failed write surfaces as {@link SpoolFullException} or another
 *       {@link IOException} and never damages what is already stored.
 * </ul>
 */
public interface Spool extends Closeable {

  /** Starts a message whose body will be streamed into the returned writer. */
  SpoolWriter begin(String queueId) throws IOException;

  /** Calls {@code action} for every stored message's envelope, in no particular order. */
  void forEachEnvelope(Consumer<Envelope> action) throws IOException;

  /**
   * The stored envelope of one message, as the latest {@link #update} left it, or null when the
   * spool holds no such message. Reads the envelope only, never the body: the queue calls it for
   * each delivery attempt, since it keeps no envelopes in memory between attempts.
   */
  Envelope envelope(String queueId) throws IOException;

  /** The stored body of a message (without {@link Envelope#headerPrefix()}). */
  InputStream openBody(String queueId) throws IOException;

  /**
   * Replaces a message's envelope after a delivery attempt. Not synced on return: a crash may
   * lose the last updates, which at worst repeats a delivery, and never loses a message.
   */
  void update(Envelope envelope) throws IOException;

  /** Removes a message whose recipients are all finished. Not synced on return, like update. */
  void delete(String queueId) throws IOException;
}
