package dev.outpost.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.DnsConfig;
import dev.outpost.testkit.DnsTestServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 7208 evaluation against a local DNS: each mechanism, and the limits. */
class SpfEvaluatorTest {
  private DnsTestServer dns;
  private SpfEvaluator spf;

  @BeforeEach
  void setUp() throws Exception {
    dns = DnsTestServer.start();
    spf = new SpfEvaluator(new ReputationDns(DnsConfig.system().withResolvers(List.of(dns.hostPort()))
        .withTimeout(Duration.ofSeconds(2), 1)));
  }

  @AfterEach
  void tearDown() {
    dns.close();
  }

  private SpfOutcome evaluate(String ip) throws Exception {
    return spf.evaluate(InetAddress.getByName(ip), "example.test");
  }

  @Test
  void includeAndRedirectFollowTheOtherDomainsRecords() throws Exception {
    dns.txt("example.test", "v=spf1 include:esp.test redirect=_spf.example.test")
        .txt("esp.test", "v=spf1 ip4:198.51.100.0/24 -all")
        .txt("_spf.example.test", "v=spf1 ip6:2001:db8::/32 -all");

    SpfOutcome viaInclude = evaluate("198.51.100.7");
    assertThat(viaInclude.result()).isEqualTo(SpfResult.PASS);
    assertThat(viaInclude.lookups()).isEqualTo(1);

    SpfOutcome viaRedirect = evaluate("2001:db8::25");
    assertThat(viaRedirect.result()).isEqualTo(SpfResult.PASS);
    assertThat(viaRedirect.lookups()).isEqualTo(2);

    assertThat(evaluate("203.0.113.1").result()).isEqualTo(SpfResult.FAIL);
  }

  @Test
  void aAndMxMatchTheirAddressesWithPrefixes() throws Exception {
    dns.txt("example.test", "v=spf1 a/30 mx -all").a("example.test", "192.0.2.4")
        .mx("example.test", 10, "mx.example.test").a("mx.example.test", "203.0.113.9");

    assertThat(evaluate("192.0.2.6").result()).isEqualTo(SpfResult.PASS);
    assertThat(evaluate("203.0.113.9").result()).isEqualTo(SpfResult.PASS);
    assertThat(evaluate("192.0.2.8").result()).isEqualTo(SpfResult.FAIL);
  }

  @Test
  void macrosExpandTheAddressAndDomain() throws Exception {
    dns.txt("example.test", "v=spf1 exists:%{i}._spf.%{d} -all").a("192.0.2.1._spf.example.test", "127.0.0.2");

    assertThat(evaluate("192.0.2.1").result()).isEqualTo(SpfResult.PASS);
  }

  @Test
  void anIncludeWithoutARecordAndMoreThanTwoVoidLookupsArePermanentErrors() throws Exception {
    dns.txt("example.test", "v=spf1 include:nothing.test -all");
    assertThat(evaluate("192.0.2.1").result()).isEqualTo(SpfResult.PERMERROR);

    dns.clear().txt("example.test", "v=spf1 a:n1.test a:n2.test a:n3.test -all");
    SpfOutcome voids = evaluate("192.0.2.1");
    assertThat(voids.result()).isEqualTo(SpfResult.PERMERROR);
    assertThat(voids.reason()).contains("found nothing");
  }

  @Test
  void aDnsFailureIsATemporaryErrorAndNoRecordIsNone() throws Exception {
    assertThat(evaluate("192.0.2.1").result()).isEqualTo(SpfResult.NONE);

    dns.fail("example.test", DnsTestServer.Failure.SERVFAIL);
    assertThat(evaluate("192.0.2.1").result()).isEqualTo(SpfResult.TEMPERROR);
  }
}
