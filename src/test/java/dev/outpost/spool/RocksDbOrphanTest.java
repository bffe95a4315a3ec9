package dev.outpost.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksIterator;

/** Chunks of a body whose envelope never came are swept after open; live writers are spared. */
class RocksDbOrphanTest {
  @TempDir Path dir;

  @Test
  void orphanChunksAreSweptAfterOpenButLiveWritersKeepTheirs() throws Exception {
    var ids = new QueueIds();
    String orphan = ids.next();
    String committed = ids.next();
    byte[] big = SpoolFixtures.checkedBody(1, 3 * BodyChunks.CHUNK_SIZE + 9);
    try (Spool spool = RocksDbSpool.open(dir)) {
      SpoolWriter interrupted = spool.begin(orphan);
      interrupted.write(big, 0, big.length);
      SpoolFixtures.store(spool, committed, big);
    }
    assertThat(chunkOwners()).containsExactlyInAnyOrder(orphan, committed);

    String live = ids.next();
    try (Spool spool = RocksDbSpool.open(dir)) {
      SpoolWriter writer = spool.begin(live);
      writer.write(big, 0, big.length);
      Thread.sleep(300);
      writer.commit(SpoolFixtures.envelope(live, big.length));
      assertThat(SpoolFixtures.read(spool, live)).isEqualTo(big);
    }
    assertThat(chunkOwners()).containsExactlyInAnyOrder(committed, live);
  }

  private Set<String> chunkOwners() throws Exception {
    Set<String> owners = new HashSet<>();
    try (var rocks = new RocksDbResources(dir, RocksDbTuning.defaults());
        RocksIterator it = rocks.db.newIterator(rocks.bodies)) {
      for (it.seekToFirst(); it.isValid(); it.next()) owners.add(BodyChunks.queueIdOf(it.key()));
    }
    return owners;
  }
}
