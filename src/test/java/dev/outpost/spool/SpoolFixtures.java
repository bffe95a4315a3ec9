package dev.outpost.spool;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

/** Envelopes and self-checking bodies for spool tests. */
final class SpoolFixtures {
  static final Instant RECEIVED = Instant.parse("2025-01-02T03:04:05.123456789Z");

  private SpoolFixtures() {}

  static Envelope envelope(String queueId, long bodySize) {
    return new Envelope(queueId, "news@example.com",
        List.of(Recipient.pending("alice@example.org", Set.of(Recipient.DsnNotify.FAILURE), null),
            Recipient.pending("bob@example.net", Set.of(), "rfc822;bob@example.net")),
        RECEIVED, "192.0.2.7", "client.example.com", false, Envelope.BodyType.EIGHT_BITMIME, Envelope.DsnRet.HDRS,
        "env-1", "Received: from client.example.com\r\n".getBytes(US_ASCII), bodySize, RECEIVED)
        .withOrigin("acme", "spring-sale");
  }

  /**
   * A body of {@code size} pseudo-random bytes (seeded by {@code seed}) whose last 8 bytes are the
   * hex CRC32 of the rest, so that a reader can tell an intact body from a damaged one.
   */
  static byte[] checkedBody(long seed, int size) {
    byte[] body = new byte[Math.max(size, 8)];
    var random = new java.util.SplittableRandom(seed);
    for (int i = 0; i < body.length - 8; i++) body[i] = (byte) (' ' + random.nextInt(95));
    var crc = new CRC32();
    crc.update(body, 0, body.length - 8);
    System.arraycopy("%08x".formatted(crc.getValue()).getBytes(US_ASCII), 0, body, body.length - 8, 8);
    return body;
  }

  static boolean isIntact(byte[] body) {
    if (body.length < 8) return false;
    var crc = new CRC32();
    crc.update(body, 0, body.length - 8);
    return Arrays.equals("%08x".formatted(crc.getValue()).getBytes(US_ASCII), Arrays.copyOfRange(body, body.length - 8, body.length));
  }

  static byte[] read(Spool spool, String queueId) throws IOException {
    try (InputStream in = spool.openBody(queueId)) {
      return in.readAllBytes();
    }
  }

  static void store(Spool spool, String queueId, byte[] body) throws IOException {
    try (SpoolWriter writer = spool.begin(queueId)) {
      writer.write(body, 0, body.length);
      writer.commit(envelope(queueId, body.length));
    }
  }
}
