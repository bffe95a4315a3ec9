package dev.outpost.reputation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.outpost.config.DnsConfig;
import dev.outpost.config.ReputationConfig;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.store.StateStore;
import dev.outpost.testkit.DnsTestServer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local DNSBL zone, {@code zen.test}, that lists 127.0.0.2 as RFC 5782 test entries do, and
 * answers a refusal code for 192.0.2.10; listings are kept in a real state store.
 */
class BlocklistMonitorTest {
  private static final Instant T0 = Instant.parse("2030-03-01T10:00:00Z");
  private static final String LISTED_NAME = "2.0.0.127.zen.test";

  @TempDir Path dir;
  private DnsTestServer dns;
  private StateStore store;
  private BlocklistLookup lookup;
  private InetAddress listed;
  private InetAddress clean;
  private InetAddress refused;

  @BeforeEach
  void setUp() throws Exception {
    dns = DnsTestServer.start();
    dns.a(LISTED_NAME, "127.0.0.2").txt(LISTED_NAME, "Listed for testing: RFC 5782")
        .a("10.2.0.192.zen.test", "127.255.255.254")
        .a("spammy.test.dbl.test", "127.0.1.2");
    store = SqliteStateStore.open(dir.resolve("data"));
    lookup = new BlocklistLookup(new ReputationDns(DnsConfig.system().withResolvers(List.of(dns.hostPort()))
        .withTimeout(Duration.ofSeconds(2), 1)));
    listed = InetAddress.getByName("127.0.0.2");
    clean = InetAddress.getByName("127.0.0.1");
    refused = InetAddress.getByName("192.0.2.10");
  }

  @AfterEach
  void tearDown() {
    store.close();
    dns.close();
  }

  private BlocklistMonitor monitor(Instant now, boolean takeOut, List<String> domains) {
    ReputationConfig config = new ReputationConfig(List.of(), List.of("zen.test"), List.of("dbl.test"), List.of(),
        Duration.ofMinutes(30), takeOut, ReputationConfig.ContentCheck.OFF, null);
    return new BlocklistMonitor(config, List.of(listed, clean, refused), () -> domains, lookup, store,
        Clock.fixed(now, ZoneOffset.UTC));
  }

  private static BlocklistAnswer answerFor(List<BlocklistStatus> statuses, String subject) {
    return statuses.stream().filter(s -> s.subject().equals(subject)).findFirst().orElseThrow().answer();
  }

  @Test
  void theTestEntryIsListedWithItsReasonAndLoopbackIsNot() {
    List<BlocklistStatus> statuses = monitor(T0, true, List.of()).checkNow();

    assertThat(answerFor(statuses, "127.0.0.2"))
        .isEqualTo(new BlocklistAnswer.Listed(List.of("127.0.0.2"), "Listed for testing: RFC 5782"));
    assertThat(answerFor(statuses, "127.0.0.1")).isInstanceOf(BlocklistAnswer.NotListed.class);
  }

  @Test
  void aRefusalCodeIsAnErrorOfTheCheckNeverAListing() {
    BlocklistMonitor monitor = monitor(T0, true, List.of());

    BlocklistAnswer answer = answerFor(monitor.checkNow(), "192.0.2.10");

    assertThat(answer).isInstanceOf(BlocklistAnswer.Error.class);
    assertThat(((BlocklistAnswer.Error) answer).reason()).contains("public or open resolvers");
    assertThat(store.listCurrentBlocklistings()).extracting(BlocklistEvent::subject).containsExactly("127.0.0.2");
    assertThat(monitor.listed()).containsExactly(listed);
  }

  @Test
  void aListingThenADelistingAreRecordedOnceEachAndSurviveARestart() {
    BlocklistMonitor first = monitor(T0, true, List.of());
    first.checkNow();
    first.checkNow();
    assertThat(store.listBlocklistEvents(10)).containsExactly(
        new BlocklistEvent("127.0.0.2", "zen.test", true, "127.0.0.2: Listed for testing: RFC 5782", T0));

    // A refused answer while listed changes nothing: only a clean answer delists.
    dns.remove(LISTED_NAME).a(LISTED_NAME, "127.255.255.255");
    BlocklistMonitor restarted = monitor(T0.plusSeconds(1800), true, List.of());
    assertThat(restarted.listed()).containsExactly(listed);
    restarted.checkNow();
    assertThat(restarted.listed()).containsExactly(listed);

    dns.remove(LISTED_NAME);
    BlocklistMonitor later = monitor(T0.plusSeconds(3600), true, List.of());
    later.checkNow();

    assertThat(later.listed()).isEmpty();
    assertThat(store.listCurrentBlocklistings()).isEmpty();
    assertThat(store.listBlocklistEvents(10)).extracting(BlocklistEvent::listed, BlocklistEvent::at)
        .containsExactly(tuple(false, T0.plusSeconds(3600)),
            tuple(true, T0));
  }

  @Test
  void listedAddressesStayInThePoolUnlessConfiguredOtherwise() {
    BlocklistMonitor monitor = monitor(T0, false, List.of());
    monitor.checkNow();

    assertThat(store.listCurrentBlocklistings()).hasSize(1);
    assertThat(monitor.listed()).isEmpty();
  }

  @Test
  void sendingDomainsAreCheckedOnDomainLists() {
    List<BlocklistStatus> statuses = monitor(T0, true, List.of("spammy.test", "clean.test")).checkNow();

    assertThat(answerFor(statuses, "spammy.test")).isInstanceOf(BlocklistAnswer.Listed.class);
    assertThat(answerFor(statuses, "clean.test")).isInstanceOf(BlocklistAnswer.NotListed.class);
    assertThat(store.listCurrentBlocklistings()).extracting(BlocklistEvent::subject)
        .containsExactly("127.0.0.2", "spammy.test");
  }

  @Test
  void queryNamesReverseOctetsAndIpv6Nibbles() throws Exception {
    assertThat(BlocklistLookup.reversed(InetAddress.getByName("192.0.2.99"))).isEqualTo("99.2.0.192");
    assertThat(BlocklistLookup.reversed(InetAddress.getByName("2001:db8:1:2:3:4:567:89ab")))
        .isEqualTo("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2");
  }
}
