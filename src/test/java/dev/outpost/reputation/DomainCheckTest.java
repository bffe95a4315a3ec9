package dev.outpost.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.DnsConfig;
import dev.outpost.testkit.DnsTestServer;
import java.net.InetAddress;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Right and wrong records of a sending domain, served by a local DNS. */
class DomainCheckTest {
  private static final String HOST = "mta.example.test";
  private static final DkimPublicKey KEY = rsaKey("s1");

  private DnsTestServer dns;
  private ReputationDns resolver;
  private InetAddress ip;

  @BeforeEach
  void setUp() throws Exception {
    dns = DnsTestServer.start();
    resolver = new ReputationDns(DnsConfig.system().withResolvers(List.of(dns.hostPort()))
        .withTimeout(Duration.ofSeconds(2), 1));
    ip = InetAddress.getByName("192.0.2.10");
  }

  @AfterEach
  void tearDown() {
    dns.close();
  }

  private static DkimPublicKey rsaKey(String selector) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(1024);
      return new DkimPublicKey(selector, "rsa", g.generateKeyPair().getPublic().getEncoded());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A domain set up as it should be: every check passes. */
  private void goodDomain() {
    dns.txt("example.test", "v=spf1 ip4:192.0.2.0/24 -all")
        .txt("s1._domainkey.example.test", KEY.txtRecord())
        .txt("_dmarc.example.test", "v=DMARC1; p=reject; rua=mailto:d@example.test")
        .mx("example.test", 10, HOST).a(HOST, "192.0.2.10")
        .txt("_mta-sts.example.test", "v=STSv1; id=20240101")
        .txt("_smtp._tls.example.test", "v=TLSRPTv1; rua=mailto:tls@example.test")
        .ptr("192.0.2.10", HOST);
  }

  private DomainReport check(String returnPath, List<DkimPublicKey> keys) {
    return new DomainCheck(resolver, d -> keys, List.of(ip), HOST).check("example.test", returnPath);
  }

  private static CheckResult result(DomainReport report, String name) {
    return report.results().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aWellSetUpDomainPassesEveryCheck() {
    goodDomain();

    DomainReport report = check("example.test", List.of(KEY));

    assertThat(report.results()).extracting(CheckResult::name).containsExactly("SPF 192.0.2.10", "DKIM s1",
        "DMARC", "DMARC alignment", "MX", "MTA-STS", "TLS-RPT", "PTR 192.0.2.10");
    assertThat(report.results()).allMatch(r -> r.verdict() == Verdict.PASS, "all pass");
    assertThat(result(report, "SPF 192.0.2.10").explanation()).contains("ip4:192.0.2.0/24", "0 of 10");
    assertThat(result(report, "MTA-STS").explanation())
        .contains("https://mta-sts.example.test/.well-known/mta-sts.txt");
  }

  @Test
  void spfSoftfailForTheSendingIpNamesTheRecordWithTheIpAdded() {
    goodDomain();
    dns.remove("example.test").txt("example.test", "v=spf1 ip4:198.51.100.1 ~all").mx("example.test", 10, HOST);

    CheckResult spf = result(check("example.test", List.of(KEY)), "SPF 192.0.2.10");

    assertThat(spf.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(spf.explanation()).startsWith("softfail");
    assertThat(spf.fix()).isEqualTo("example.test. IN TXT \"v=spf1 ip4:198.51.100.1 ip4:192.0.2.10 ~all\"");
  }

  @Test
  void spfWithTwoRecordsFailsAndOffersOneMergedRecord() {
    dns.txt("example.test", "v=spf1 ip4:192.0.2.10 -all").txt("example.test", "v=spf1 include:other.test ~all");

    CheckResult spf = result(check("example.test", List.of(KEY)), "SPF");

    assertThat(spf.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(spf.explanation()).contains("2 SPF records");
    assertThat(spf.fix()).contains("\"v=spf1 ip4:192.0.2.10 include:other.test ~all\"");
  }

  @Test
  void spfNeedingMoreThanTenLookupsIsAPermanentError() {
    StringBuilder record = new StringBuilder("v=spf1");
    for (int i = 1; i <= 11; i++) {
      record.append(" include:i").append(i).append(".example.test");
      dns.txt("i" + i + ".example.test", "v=spf1 ip4:198.51.100." + i + " -all");
    }
    dns.txt("example.test", record.append(" -all").toString());

    CheckResult spf = result(check("example.test", List.of(KEY)), "SPF 192.0.2.10");

    assertThat(spf.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(spf.explanation()).startsWith("permerror").contains("more than 10 DNS lookups");
  }

  @Test
  void noSpfRecordSuggestsOneWithTheSendingIps() {
    CheckResult spf = result(check("example.test", List.of(KEY)), "SPF");

    assertThat(spf.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(spf.fix()).isEqualTo("example.test. IN TXT \"v=spf1 ip4:192.0.2.10 ~all\"");
  }

  @Test
  void dkimKeyMismatchAndMissingRecordFailWithTheRecordToPublish() {
    goodDomain();
    DkimPublicKey other = rsaKey("s1");

    CheckResult mismatch = result(check("example.test", List.of(other)), "DKIM s1");
    assertThat(mismatch.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(mismatch.explanation()).contains("not the configured one");
    assertThat(mismatch.fix()).contains("s1._domainkey.example.test. IN TXT \"v=DKIM1; k=rsa; p="
        + Base64.getEncoder().encodeToString(other.publicKey()));

    CheckResult missing = result(check("example.test", List.of(rsaKey("s2"))), "DKIM s2");
    assertThat(missing.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(missing.explanation()).contains("no DKIM key record at s2._domainkey.example.test");
  }

  @Test
  void noConfiguredDkimKeyWarnsWithTheCommandToRun() {
    goodDomain();

    CheckResult dkim = result(check("example.test", List.of()), "DKIM");

    assertThat(dkim.verdict()).isEqualTo(Verdict.WARN);
    assertThat(dkim.fix()).isEqualTo("run: bin/outpost dkim generate example.test --selector outpost");
  }

  @Test
  void dmarcMissingFailsAndPolicyNoneWarns() {
    goodDomain();
    dns.remove("_dmarc.example.test");
    CheckResult missing = result(check("example.test", List.of(KEY)), "DMARC");
    assertThat(missing.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(missing.fix()).startsWith("_dmarc.example.test. IN TXT \"v=DMARC1; p=none;");

    dns.txt("_dmarc.example.test", "v=DMARC1; p=none");
    assertThat(result(check("example.test", List.of(KEY)), "DMARC").verdict()).isEqualTo(Verdict.WARN);
  }

  @Test
  void dmarcAlignmentOfTheReturnPathIsRelaxedUnlessAspfIsStrict() {
    goodDomain();
    assertThat(result(check("bounces.example.test", List.of(KEY)), "DMARC alignment").verdict())
        .isEqualTo(Verdict.PASS);

    CheckResult foreign = result(check("esp.example.net", List.of(KEY)), "DMARC alignment");
    assertThat(foreign.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(foreign.fix()).contains("bounces@example.test");

    dns.remove("_dmarc.example.test").txt("_dmarc.example.test", "v=DMARC1; p=reject; aspf=s");
    CheckResult strict = result(check("bounces.example.test", List.of(KEY)), "DMARC alignment");
    assertThat(strict.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(strict.explanation()).contains("strict");
  }

  @Test
  void ptrMustBeForwardConfirmedAndTheEhloName() {
    goodDomain();
    dns.remove("10.2.0.192.in-addr.arpa").ptr("192.0.2.10", "other.example.test").a("other.example.test", "192.0.2.99");
    CheckResult notConfirmed = result(check("example.test", List.of(KEY)), "PTR 192.0.2.10");
    assertThat(notConfirmed.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(notConfirmed.explanation()).contains("not forward-confirmed");

    dns.remove("other.example.test").a("other.example.test", "192.0.2.10");
    CheckResult wrongName = result(check("example.test", List.of(KEY)), "PTR 192.0.2.10");
    assertThat(wrongName.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(wrongName.fix()).startsWith("set server.hostname = \"other.example.test\"");

    dns.remove("10.2.0.192.in-addr.arpa");
    CheckResult missing = result(check("example.test", List.of(KEY)), "PTR 192.0.2.10");
    assertThat(missing.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(missing.fix()).startsWith("10.2.0.192.in-addr.arpa. IN PTR mta.example.test.");
  }

  @Test
  void nullMxWarnsAndMissingMtaStsAndTlsRptWarnWithRecords() {
    dns.nullMx("example.test");

    DomainReport report = check("example.test", List.of(KEY));

    assertThat(result(report, "MX").verdict()).isEqualTo(Verdict.WARN);
    assertThat(result(report, "MX").explanation()).contains("null MX");
    assertThat(result(report, "MTA-STS").verdict()).isEqualTo(Verdict.WARN);
    assertThat(result(report, "MTA-STS").fix()).startsWith("_mta-sts.example.test. IN TXT \"v=STSv1; id=1\"");
    assertThat(result(report, "TLS-RPT").fix())
        .isEqualTo("_smtp._tls.example.test. IN TXT \"v=TLSRPTv1; rua=mailto:tls-reports@example.test\"");
    assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
  }
}
