package dev.outpost.queue;

import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import dev.outpost.spool.Spool;
import dev.outpost.spool.SpoolWriter;
import dev.outpost.spool.Spools;
import dev.outpost.config.SpoolConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** The spool the queue tests run against: the default RocksDB engine in a temporary directory. */
final class TestSpools {
  private static final AtomicInteger IDS = new AtomicInteger();

  private TestSpools() {}

  static Spool open(Path dir) throws IOException {
    return Spools.open(SpoolConfig.defaults(), dir);
  }

  /** Commits a message as the SMTP server would, and returns its envelope. */
  static Envelope store(Spool spool, Instant receivedAt, String body, String... recipients) throws IOException {
    return store(spool, "sender@example.com", null,
        Arrays.stream(recipients).map(r -> Recipient.pending(r, Set.of(), null)).toList(), receivedAt, body);
  }

  /** Like {@link #store(Spool, Instant, String, String...)} with the sender, RET and recipients' DSN parameters given. */
  static Envelope store(Spool spool, String sender, Envelope.DsnRet ret, List<Recipient> recipients, Instant receivedAt,
      String body) throws IOException {
    String id = "T" + IDS.incrementAndGet();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Envelope envelope = new Envelope(id, sender, recipients, receivedAt, "127.0.0.1",
        "client.test", false, Envelope.BodyType.SEVEN_BIT, ret, null,
        ("Received: by outpost.test; " + id + "\r\n").getBytes(StandardCharsets.US_ASCII), bytes.length, receivedAt);
    try (SpoolWriter writer = spool.begin(id)) {
      writer.write(bytes, 0, bytes.length);
      writer.commit(envelope);
    }
    return envelope;
  }
}
