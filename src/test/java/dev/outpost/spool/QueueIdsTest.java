package dev.outpost.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class QueueIdsTest {

  @Test
  void idsAreSixteenCrockfordCharactersSafeForFilesAndKeys() {
    String id = new QueueIds().next();
    assertThat(id).hasSize(16).matches("[0-9A-HJKMNP-TV-Z]{16}");
    assertThat(QueueIds.requireSafe(id)).isEqualTo(id);
  }

  @Test
  void idsSortByTimeAndStayOrderedWithinOneMillisecond() {
    var frozen = new QueueIds(Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC), 7);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1_200_000; i++) ids.add(frozen.next());
    assertThat(ids).isSorted().doesNotHaveDuplicates();
    String later = new QueueIds(Clock.fixed(Instant.parse("2025-06-01T01:00:00Z"), ZoneOffset.UTC), 0).next();
    assertThat(later).isGreaterThan(ids.getLast());
  }

  @Test
  void idsAreUniqueUnderConcurrency() throws Exception {
    var generator = new QueueIds();
    Set<String> ids = ConcurrentHashMap.newKeySet();
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < 50; t++) executor.submit(() -> {
        for (int i = 0; i < 20_000; i++) ids.add(generator.next());
      });
    }
    assertThat(ids).hasSize(1_000_000);
  }

  @Test
  void rejectsIdsThatCouldEscapeADirectoryOrKeyPrefix() {
    for (String bad : new String[] {"", "../x", "a/b", "a.env", "x".repeat(65)}) {
      assertThatThrownBy(() -> QueueIds.requireSafe(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
