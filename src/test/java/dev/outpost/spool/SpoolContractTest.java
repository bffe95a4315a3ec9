package dev.outpost.spool;

import static dev.outpost.spool.SpoolFixtures.checkedBody;
import static dev.outpost.spool.SpoolFixtures.envelope;
import static dev.outpost.spool.SpoolFixtures.read;
import static dev.outpost.spool.SpoolFixtures.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every spool engine promises; each engine's test class says how to open it. */
abstract class SpoolContractTest {
  @TempDir Path dir;
  final QueueIds ids = new QueueIds();
  Spool spool;

  abstract Spool open(Path dir) throws IOException;

  @BeforeEach
  void openSpool() throws IOException {
    spool = open(dir);
  }

  @AfterEach
  void closeSpool() throws IOException {
    spool.close();
  }

  void reopen() throws IOException {
    spool.close();
    spool = open(dir);
  }

  @Test
  void committedMessageSurvivesReopenByteForByte() throws IOException {
    Map<String, byte[]> bodies = new HashMap<>();
    for (int size : new int[] {0, 1, 5_000, BodyChunks.CHUNK_SIZE, BodyChunks.CHUNK_SIZE + 1, 3 * BodyChunks.CHUNK_SIZE + 17}) {
      String id = ids.next();
      bodies.put(id, checkedBody(size, size));
      store(spool, id, bodies.get(id));
    }
    reopen();
    for (var e : bodies.entrySet()) assertThat(read(spool, e.getKey())).isEqualTo(e.getValue());
    List<Envelope> envelopes = new ArrayList<>();
    spool.forEachEnvelope(envelopes::add);
    for (Envelope stored : envelopes) {
      assertThat(stored).usingRecursiveComparison()
          .isEqualTo(envelope(stored.queueId(), bodies.get(stored.queueId()).length));
    }
    assertThat(envelopes).extracting(Envelope::queueId).containsExactlyInAnyOrderElementsOf(bodies.keySet());
  }

  @Test
  void storedBodySizeIsWhatWasWritten() throws IOException {
    String id = ids.next();
    try (SpoolWriter writer = spool.begin(id)) {
      writer.write(new byte[300], 0, 300);
      writer.commit(envelope(id, 12345));
    }
    List<Envelope> envelopes = new ArrayList<>();
    spool.forEachEnvelope(envelopes::add);
    assertThat(envelopes).singleElement().extracting(Envelope::bodySize).isEqualTo(300L);
  }

  @Test
  void abortedAndUnendedWritersLeaveNothing() throws IOException {
    try (SpoolWriter aborted = spool.begin(ids.next())) {
      byte[] big = checkedBody(1, 2 * BodyChunks.CHUNK_SIZE + 5);
      aborted.write(big, 0, big.length);
      aborted.abort();
    }
    try (SpoolWriter closed = spool.begin(ids.next())) {
      closed.write(new byte[10], 0, 10);
    }
    SpoolWriter abandoned = spool.begin(ids.next());
    byte[] big = checkedBody(2, 2 * BodyChunks.CHUNK_SIZE + 5);
    abandoned.write(big, 0, big.length);
    assertThat(envelopeIds()).isEmpty();
    reopen();
    assertThat(envelopeIds()).isEmpty();
  }

  @Test
  void writerCannotBeUsedAfterItEnds() throws IOException {
    String id = ids.next();
    SpoolWriter writer = spool.begin(id);
    writer.commit(envelope(id, 0));
    assertThatThrownBy(() -> writer.write(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
    writer.abort();
    assertThat(envelopeIds()).containsExactly(id);
  }

  @Test
  void largeBodyStreamsWithoutHoldingItInMemory() throws IOException {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    String id = ids.next();
    byte[] piece = new byte[4096];
    int pieces = 30 * 1024 * 1024 / piece.length;
    var expected = new CRC32();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    try (SpoolWriter writer = spool.begin(id)) {
      for (int i = 0; i < pieces; i++) {
        java.util.Arrays.fill(piece, (byte) i);
        expected.update(piece);
        writer.write(piece, 0, piece.length);
      }
      writer.commit(envelope(id, (long) pieces * piece.length));
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    // Every byte this thread allocated, garbage included, stays far below the 30 MiB body.
    assertThat(allocated).isLessThan(4L * 1024 * 1024);

    reopen();
    var actual = new CRC32();
    long size = 0;
    try (InputStream in = spool.openBody(id)) {
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) > 0; size += n) actual.update(buffer, 0, n);
    }
    assertThat(size).isEqualTo((long) pieces * piece.length);
    assertThat(actual.getValue()).isEqualTo(expected.getValue());
  }

  @Test
  void updateAndDeleteSurviveReopen() throws IOException {
    String kept = ids.next();
    String deleted = ids.next();
    store(spool, kept, checkedBody(3, 1000));
    store(spool, deleted, checkedBody(4, 3 * BodyChunks.CHUNK_SIZE));
    Envelope original = envelope(kept, 1000);
    Instant retry = SpoolFixtures.RECEIVED.plusSeconds(600);
    Envelope attempted = original.withRecipients(List.of(
        original.recipients().get(0).attempted(RecipientState.DELIVERED, "250 2.0.0 queued as 42"),
        original.recipients().get(1).attempted(RecipientState.PENDING, "451 4.7.1 try later")), retry);
    spool.update(attempted);
    spool.delete(deleted);
    spool.delete(deleted);
    reopen();
    List<Envelope> envelopes = new ArrayList<>();
    spool.forEachEnvelope(envelopes::add);
    assertThat(envelopes).singleElement().usingRecursiveComparison().isEqualTo(attempted);
    assertThat(read(spool, kept)).isEqualTo(checkedBody(3, 1000));
    assertThatThrownBy(() -> spool.openBody(deleted)).isInstanceOf(IOException.class);
  }

  @Test
  void envelopeReadsOneMessageAsItsLatestUpdateLeftIt() throws IOException {
    String id = ids.next();
    store(spool, id, checkedBody(7, 700));
    assertThat(spool.envelope(id)).usingRecursiveComparison().isEqualTo(envelope(id, 700));

    Envelope held = envelope(id, 700).withHeld(true)
        .withRecipients(envelope(id, 700).recipients(), Instant.parse("2030-01-01T00:00:00Z"));
    spool.update(held);
    assertThat(spool.envelope(id)).usingRecursiveComparison().isEqualTo(held);
    reopen();
    assertThat(spool.envelope(id)).usingRecursiveComparison().isEqualTo(held);

    spool.delete(id);
    assertThat(spool.envelope(id)).isNull();
  }

  @Test
  void envelopeOfAnUnknownMessageIsNull() throws IOException {
    assertThat(spool.envelope(ids.next())).isNull();
    assertThatThrownBy(() -> spool.envelope("../etc")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void updateOfAMissingMessageFailsInsteadOfCreatingIt() throws IOException {
    String id = ids.next();
    assertThatThrownBy(() -> spool.update(envelope(id, 0))).isInstanceOf(java.nio.file.NoSuchFileException.class);
    assertThat(envelopeIds()).isEmpty();
  }

  @Test
  void forEachEnvelopeAfterReopenReturnsExactlyTheCommittedOnes() throws IOException {
    Set<String> committed = new java.util.HashSet<>();
    for (int i = 0; i < 200; i++) {
      String id = ids.next();
      if (i % 3 == 0) {
        try (SpoolWriter writer = spool.begin(id)) {
          writer.write(new byte[100], 0, 100);
        }
      } else {
        store(spool, id, checkedBody(i, 100 + i));
        committed.add(id);
      }
    }
    reopen();
    assertThat(envelopeIds()).containsExactlyInAnyOrderElementsOf(committed);
  }

  @Test
  void concurrentCommitsFromFiftyVirtualThreadsAllLand() throws Exception {
    Set<String> committed = ConcurrentHashMap.newKeySet();
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < 50; t++) {
        int thread = t;
        tasks.add(executor.submit(() -> {
          for (int i = 0; i < 10; i++) {
            String id = ids.next();
            int size = (thread * 10 + i) % 7 == 0 ? BodyChunks.CHUNK_SIZE + 100 : 5_000;
            store(spool, id, checkedBody(id.hashCode(), size));
            committed.add(id);
          }
          return null;
        }));
      }
      for (Future<?> task : tasks) task.get();
    }
    assertThat(committed).hasSize(500);
    reopen();
    assertThat(envelopeIds()).containsExactlyInAnyOrderElementsOf(committed);
    for (String id : committed) assertThat(SpoolFixtures.isIntact(read(spool, id))).as(id).isTrue();
  }

  @Test
  void rejectsUnsafeQueueIds() {
    assertThatThrownBy(() -> spool.begin("../escape")).isInstanceOf(IllegalArgumentException.class);
  }

  Set<String> envelopeIds() throws IOException {
    Set<String> found = new java.util.HashSet<>();
    spool.forEachEnvelope(e -> found.add(e.queueId()));
    return found;
  }
}
