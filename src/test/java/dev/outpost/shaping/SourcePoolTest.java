package dev.outpost.shaping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.PoolConfig;
import dev.outpost.testkit.ManualClock;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourcePoolTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));

  private static PoolConfig pool(String name, List<String> senders) throws Exception {
    return new PoolConfig(name, List.of(
        new PoolConfig.Member(InetAddress.getByName("192.0.2.1"), "a.example", 3),
        new PoolConfig.Member(InetAddress.getByName("192.0.2.2"), "b.example", 1)), senders);
  }

  @Test
  void firstChoicesFollowTheWeights() throws Exception {
    SourcePool pool = new SourcePool(pool("p", List.of()), clock, Set::of);
    int heavy = 0;
    for (int i = 0; i < 4000; i++) {
      List<SourceAddress> order = pool.candidates();
      assertThat(order).hasSize(2);
      if (order.getFirst().ehlo().equals("a.example")) heavy++;
    }
    assertThat(heavy).isBetween(2700, 3300);
  }

  @Test
  void pausedAndUnbindableAddressesAreLeftOutUntilResumedOrTheirPauseEnds() throws Exception {
    SourcePool pool = new SourcePool(pool("p", List.of()), clock, Set::of);
    SourceAddress a = pool.addresses().get(0);
    SourceAddress b = pool.addresses().get(1);

    pool.pause(a, "listed on a DNSBL");
    pool.bindFailed(b, "Cannot assign requested address");
    assertThat(pool.candidates()).isEmpty();
    assertThat(pool.pauseReason(a)).isEqualTo("listed on a DNSBL");

    clock.advance(SourcePool.BIND_FAILURE_PAUSE);
    assertThat(pool.candidates()).containsExactly(b);
    pool.resume(a);
    assertThat(pool.candidates()).containsExactlyInAnyOrder(a, b);
  }

  @Test
  void blocklistedAddressesAreAvoidedWhileAnotherRemains() throws Exception {
    Set<InetAddress> listed = new java.util.HashSet<>();
    SourcePool pool = new SourcePool(pool("p", List.of()), clock, () -> Set.copyOf(listed));
    SourceAddress a = pool.addresses().get(0);
    SourceAddress b = pool.addresses().get(1);
    listed.add(a.address());
    for (int i = 0; i < 20; i++) assertThat(pool.candidates()).containsExactly(b);
    listed.add(b.address());
    assertThat(pool.candidates()).as("all listed: keep sending rather than stall").hasSize(2);
    listed.clear();
    assertThat(pool.candidates()).containsExactlyInAnyOrder(a, b);
  }

  @Test
  void theSenderDomainChoosesThePool() throws Exception {
    SourcePools pools = new SourcePools(List.of(pool("news", List.of("news.example.com", "*.news.example.com")),
        pool("rest", List.of("*"))), clock, Set::of);
    assertThat(pools.forMessage(null, "a@news.example.com").name()).isEqualTo("news");
    assertThat(pools.forMessage(null, "a@eu.news.example.com").name()).isEqualTo("news");
    assertThat(pools.forMessage(null, "a@shop.example").name()).isEqualTo("rest");
    assertThat(pools.forMessage(null, "").name()).isEqualTo("rest");
    assertThat(new SourcePools(List.of(pool("only", List.of())), clock, Set::of).forMessage(null, "a@b.example")).isNull();
  }

  @Test
  void theAccountChoosesBeforeTheSenderDomain() throws Exception {
    PoolConfig acme = new PoolConfig("acme", List.of(new PoolConfig.Member(InetAddress.getByName("192.0.2.9"),
        "acme.example", 1)), List.of(), List.of("acme"));
    SourcePools pools = new SourcePools(List.of(pool("rest", List.of("*")), acme), clock, Set::of);
    assertThat(pools.forMessage("acme", "a@shop.example").name()).isEqualTo("acme");
    assertThat(pools.forMessage("other", "a@shop.example").name()).isEqualTo("rest");
    assertThat(pools.forMessage(null, "a@shop.example").name()).isEqualTo("rest");
  }
}
