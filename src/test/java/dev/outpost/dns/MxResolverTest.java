package dev.outpost.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.DnsConfig;
import dev.outpost.testkit.DnsTestServer;
import dev.outpost.testkit.ManualClock;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

class MxResolverTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
  private DnsTestServer dns;
  private MxResolver resolver;

  @BeforeEach
  void setUp() throws Exception {
    dns = DnsTestServer.start();
    resolver = resolverWith(Duration.ofSeconds(2), 1);
  }

  @AfterEach
  void tearDown() {
    dns.close();
  }

  private MxResolver resolverWith(Duration timeout, int attempts) {
    return new MxResolver(DnsConfig.system().withResolvers(List.of(dns.hostPort())).withTimeout(timeout, attempts), clock);
  }

  private MxResult.Hosts hosts(String domain) {
    MxResult result = resolver.resolve(domain);
    assertThat(result).isInstanceOf(MxResult.Hosts.class);
    return (MxResult.Hosts) result;
  }

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void mxHostsComeInOrderOfPreferenceWithTheirAddresses() throws Exception {
    dns.mx("example.test", 20, "mx2.example.test").mx("example.test", 10, "mx1.example.test")
        .mx("example.test", 30, "backup.example.net")
        .a("mx1.example.test", "127.0.0.2", "127.0.0.3").a("mx2.example.test", "127.0.0.4")
        .aaaa("backup.example.net", "::1");

    assertThat(hosts("Example.TEST").hosts()).containsExactly(
        new MxHost("mx1.example.test", 10, List.of(ip("127.0.0.2"), ip("127.0.0.3"))),
        new MxHost("mx2.example.test", 20, List.of(ip("127.0.0.4"))),
        new MxHost("backup.example.net", 30, List.of(ip("::1"))));
  }

  @Test
  void hostsOfEqualPreferenceAreShuffled() {
    dns.mx("example.test", 10, "a.example.test").mx("example.test", 10, "b.example.test")
        .mx("example.test", 5, "first.example.test")
        .a("a.example.test", "127.0.0.2").a("b.example.test", "127.0.0.3").a("first.example.test", "127.0.0.4");

    Set<String> seconds = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      List<MxHost> hosts = hosts("example.test").hosts();
      assertThat(hosts.getFirst().name()).isEqualTo("first.example.test");
      seconds.add(hosts.get(1).name());
    }
    assertThat(seconds).containsExactlyInAnyOrder("a.example.test", "b.example.test");
  }

  @Test
  void withoutMxTheDomainItselfIsTheMailHostIpv4First() throws Exception {
    dns.aaaa("plain.test", "::1").a("plain.test", "127.0.0.5");

    assertThat(hosts("plain.test").hosts())
        .containsExactly(new MxHost("plain.test", 0, List.of(ip("127.0.0.5"), ip("::1"))));
  }

  @Test
  void aNullMxRefusesMail() {
    dns.nullMx("nomail.test").a("nomail.test", "127.0.0.5");

    assertThat(resolver.resolve("nomail.test"))
        .isEqualTo(new MxResult.PermanentFailure("5.1.10", "domain nomail.test does not accept mail (null MX)"));
  }

  @Test
  void aDomainThatDoesNotExistFailsPermanently() {
    dns.a("other.test", "127.0.0.5");

    assertThat(resolver.resolve("missing.test"))
        .isEqualTo(new MxResult.PermanentFailure("5.1.2", "domain missing.test does not exist (DNS: NXDOMAIN)"));
  }

  @Test
  void aDomainWithNeitherMxNorAddressFailsPermanently() {
    dns.txt("bare.test", "v=spf1 -all");

    assertThat(resolver.resolve("bare.test")).isEqualTo(new MxResult.PermanentFailure("5.4.4",
        "domain bare.test has no MX record and no address: no A or AAAA record"));
  }

  @Test
  void mxHostsWithoutAddressesFailPermanentlyUnlessALookupFailed() {
    dns.mx("lame.test", 10, "gone.lame.test").mx("lame.test", 20, "empty.lame.test").txt("empty.lame.test", "x");

    assertThat(resolver.resolve("lame.test")).isEqualTo(new MxResult.PermanentFailure("5.4.4",
        "no MX host of lame.test has an address: gone.lame.test (NXDOMAIN), empty.lame.test (no A or AAAA record)"));

    dns.mx("flaky.test", 10, "gone.flaky.test").mx("flaky.test", 20, "down.flaky.test")
        .fail("down.flaky.test", DnsTestServer.Failure.SERVFAIL);
    assertThat(resolver.resolve("flaky.test")).isInstanceOfSatisfying(MxResult.TemporaryFailure.class, f -> {
      assertThat(f.dsn()).isEqualTo("4.4.3");
      assertThat(f.reason()).startsWith("no MX host of flaky.test has an address: gone.flaky.test (NXDOMAIN), "
          + "down.flaky.test (SERVFAIL from " + dns.hostPort() + " for down.flaky.test. A");
    });
  }

  @Test
  void servfailAndRefusedAreTemporary() {
    dns.fail("broken.test", DnsTestServer.Failure.SERVFAIL).fail("closed.test", DnsTestServer.Failure.REFUSED);

    assertThat(resolver.resolve("broken.test")).isEqualTo(new MxResult.TemporaryFailure("4.4.3",
        "DNS lookup of broken.test MX failed: SERVFAIL from " + dns.hostPort() + " for broken.test. MX"));
    assertThat(resolver.resolve("closed.test")).isEqualTo(new MxResult.TemporaryFailure("4.4.3",
        "DNS lookup of closed.test MX failed: REFUSED from " + dns.hostPort() + " for closed.test. MX"));
  }

  @Test
  void anUnansweredQueryTimesOutAfterEveryAttemptAsTemporary() {
    resolver = resolverWith(Duration.ofMillis(200), 2);
    dns.fail("silent.test", DnsTestServer.Failure.DROP);

    long start = System.nanoTime();
    MxResult result = resolver.resolve("silent.test");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(result).isEqualTo(new MxResult.TemporaryFailure("4.4.3", "DNS lookup of silent.test MX failed: "
        + "no answer from " + dns.hostPort() + " within 200ms for silent.test. MX (2 tries)"));
    assertThat(dns.queryCount("silent.test", Type.MX)).isEqualTo(2);
    assertThat(Thread.interrupted()).as("a timeout is not an interrupt of the asking thread").isFalse();
    assertThat(took).isBetween(Duration.ofMillis(350), Duration.ofSeconds(3));
  }

  @Test
  void aCnamedDomainAndACnamedMxHostAreFollowed() throws Exception {
    dns.cname("alias.test", "real.test").mx("real.test", 10, "mail.alias.test")
        .cname("mail.alias.test", "mx.provider.test").a("mx.provider.test", "127.0.0.6");

    assertThat(hosts("alias.test").hosts())
        .containsExactly(new MxHost("mail.alias.test", 10, List.of(ip("127.0.0.6"))));
  }

  @Test
  void repeatedLookupsAreAnsweredFromTheCache() {
    dns.mx("cached.test", 10, "mx.cached.test").a("mx.cached.test", "127.0.0.2");

    for (int i = 0; i < 1000; i++) hosts("cached.test");
    dns.fail("nx.test", DnsTestServer.Failure.NXDOMAIN);
    for (int i = 0; i < 3; i++) resolver.resolve("nx.test");

    assertThat(dns.queryCount("cached.test", Type.MX)).isEqualTo(1);
    assertThat(dns.queryCount("mx.cached.test", Type.A)).isEqualTo(1);
    assertThat(dns.queryCount("mx.cached.test", Type.AAAA)).isEqualTo(1);
    assertThat(dns.queryCount("nx.test", Type.MX)).isEqualTo(1);
  }

  @Test
  void answersExpireWithTheirTtlCappedAtAnHour() {
    dns.records("""
        ttl.test. 60 IN MX 10 mx.ttl.test.
        mx.ttl.test. 86400 IN A 127.0.0.2
        """);
    dns.negativeTtl(30);
    hosts("ttl.test");
    resolver.resolve("nothing.test");

    clock.advance(Duration.ofSeconds(29));
    hosts("ttl.test");
    resolver.resolve("nothing.test");
    assertThat(dns.queryCount("ttl.test", Type.MX)).isEqualTo(1);
    assertThat(dns.queryCount("nothing.test", Type.MX)).isEqualTo(1);

    clock.advance(Duration.ofSeconds(2));
    resolver.resolve("nothing.test");
    assertThat(dns.queryCount("nothing.test", Type.MX)).isEqualTo(2);

    clock.advance(Duration.ofSeconds(30));
    hosts("ttl.test");
    assertThat(dns.queryCount("ttl.test", Type.MX)).isEqualTo(2);
    assertThat(dns.queryCount("mx.ttl.test", Type.A)).isEqualTo(1);

    clock.advance(MxResolver.MAX_TTL);
    hosts("ttl.test");
    assertThat(dns.queryCount("mx.ttl.test", Type.A)).as("a day's TTL is kept no longer than the cap").isEqualTo(2);
  }

  @Test
  void failuresAreNotCached() {
    dns.mx("recovering.test", 10, "mx.recovering.test").a("mx.recovering.test", "127.0.0.2")
        .fail("recovering.test", DnsTestServer.Failure.SERVFAIL);
    assertThat(resolver.resolve("recovering.test")).isInstanceOf(MxResult.TemporaryFailure.class);

    dns.heal("recovering.test");

    assertThat(hosts("recovering.test").hosts()).extracting(MxHost::name).containsExactly("mx.recovering.test");
  }

  @Test
  void addressLiteralsAndBadNamesNeedNoDns() throws Exception {
    assertThat(hosts("[127.0.0.9]").hosts()).containsExactly(new MxHost("[127.0.0.9]", 0, List.of(ip("127.0.0.9"))));
    assertThat(hosts("[IPv6:::1]").hosts()).containsExactly(new MxHost("[ipv6:::1]", 0, List.of(ip("::1"))));
    assertThat(resolver.resolve("bad..name")).isEqualTo(
        new MxResult.PermanentFailure("5.1.2", "\"bad..name\" is not a valid domain name"));
    assertThat(resolver.resolve("")).isInstanceOf(MxResult.PermanentFailure.class);
    assertThat(dns.queries()).isEmpty();
  }
}
