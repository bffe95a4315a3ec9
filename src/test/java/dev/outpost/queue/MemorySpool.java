package dev.outpost.queue;

import dev.outpost.spool.Envelope;
import dev.outpost.spool.Spool;
import dev.outpost.spool.SpoolWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** A {@link Spool} in memory for tests; "durable" for the life of the object. */
final class MemorySpool implements Spool {
  private final Map<String, Envelope> envelopes = new ConcurrentHashMap<>();
  private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();

  @Override
  public SpoolWriter begin(String queueId) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    return new SpoolWriter() {
      @Override
      public void write(byte[] buffer, int offset, int length) {
        body.write(buffer, offset, length);
      }

      @Override
      public void commit(Envelope envelope) {
        bodies.put(queueId, body.toByteArray());
        envelopes.put(queueId, envelope);
      }

      @Override
      public void abort() {}
    };
  }

  @Override
  public void forEachEnvelope(Consumer<Envelope> action) {
    List.copyOf(envelopes.values()).forEach(action);
  }

  @Override
  public InputStream openBody(String queueId) throws IOException {
    byte[] body = bodies.get(queueId);
    if (body == null) throw new FileNotFoundException("no body for " + queueId);
    return new ByteArrayInputStream(body);
  }

  @Override
  public void update(Envelope envelope) {
    envelopes.put(envelope.queueId(), envelope);
  }

  @Override
  public void delete(String queueId) {
    envelopes.remove(queueId);
    bodies.remove(queueId);
  }

  @Override
  public void close() {}
}
