package dev.outpost.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class DnsCacheTest {
  private static final Name NAME = Name.fromConstantString("busy.test.");

  @Test
  void concurrentLookupsOfOneNameShareOneQuery() throws Exception {
    DnsCache cache = new DnsCache(Clock.systemUTC(), Duration.ofHours(1), 100);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger lookups = new AtomicInteger();
    List<DnsAnswer> answers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      threads.add(Thread.ofVirtual().start(() -> {
        DnsAnswer a = cache.get(NAME, Type.MX, (n, t) -> {
          lookups.incrementAndGet();
          await(release);
          return new DnsAnswer.NoData(Duration.ofMinutes(1));
        });
        synchronized (answers) {
          answers.add(a);
        }
      }));
    }
    Thread.sleep(100);
    release.countDown();
    for (Thread t : threads) t.join(5_000);

    assertThat(lookups).hasValue(1);
    assertThat(answers).hasSize(50).containsOnly(new DnsAnswer.NoData(Duration.ofMinutes(1)));
  }

  @Test
  void theLeastRecentlyUsedAnswerMakesRoomBeyondTheLimit() {
    DnsCache cache = new DnsCache(Clock.systemUTC(), Duration.ofHours(1), 2);
    AtomicInteger lookups = new AtomicInteger();
    for (String n : List.of("a.test.", "b.test.", "a.test.", "c.test.", "a.test.", "b.test.")) {
      cache.get(Name.fromConstantString(n), Type.A, (name, type) -> {
        lookups.incrementAndGet();
        return new DnsAnswer.NxDomain(Duration.ofMinutes(1));
      });
    }

    assertThat(lookups).as("a, b, c, then b again after c pushed it out").hasValue(4);
    assertThat(cache.size()).isEqualTo(2);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
