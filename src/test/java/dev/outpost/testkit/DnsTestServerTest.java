package dev.outpost.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class DnsTestServerTest {
  private DnsTestServer dns;

  @BeforeEach
  void setUp() throws Exception {
    dns = DnsTestServer.start();
  }

  @AfterEach
  void tearDown() {
    dns.close();
  }

  private Message ask(String name, int type, boolean tcp) throws Exception {
    SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", dns.port()));
    resolver.setTCP(tcp);
    return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
  }

  @Test
  void answersOverUdpAndTcp() throws Exception {
    dns.txt("example.test", "v=spf1 -all");

    for (boolean tcp : new boolean[] {false, true}) {
      Message m = ask("example.test.", Type.TXT, tcp);
      assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(((TXTRecord) m.getSection(Section.ANSWER).getFirst()).getStrings()).containsExactly("v=spf1 -all");
    }
    assertThat(dns.queries()).extracting(DnsTestServer.Query::tcp).containsExactly(false, true);
  }

  @Test
  void aLargeAnswerIsTruncatedOverUdpAndFetchedOverTcp() throws Exception {
    String key = "v=DKIM1; k=rsa; p=" + "A".repeat(2000);
    dns.txt("sel._domainkey.example.test", key);

    Message m = ask("sel._domainkey.example.test.", Type.TXT, false);

    assertThat(String.join("", ((TXTRecord) m.getSection(Section.ANSWER).getFirst()).getStrings())).isEqualTo(key);
    assertThat(dns.queries()).extracting(DnsTestServer.Query::tcp).containsExactly(false, true);
  }

  @Test
  void negativeAnswersCarryASoaWithTheNegativeTtl() throws Exception {
    dns.a("host.example.test", "127.0.0.2").negativeTtl(42);

    Message nodata = ask("example.test.", Type.MX, false);
    Message nxdomain = ask("missing.example.test.", Type.A, false);

    assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
    assertThat(nxdomain.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    SOARecord soa = (SOARecord) nxdomain.getSection(Section.AUTHORITY).getFirst();
    assertThat(soa.getMinimum()).isEqualTo(42);
    assertThat(soa.getName()).isEqualTo(Name.fromString("test."));
  }

  @Test
  void scriptedFailuresApplyUntilHealed() throws Exception {
    dns.a("flaky.test", "127.0.0.2").fail("flaky.test", DnsTestServer.Failure.SERVFAIL);
    assertThat(ask("flaky.test.", Type.A, false).getRcode()).isEqualTo(Rcode.SERVFAIL);

    dns.fail("flaky.test", DnsTestServer.Failure.NXDOMAIN);
    assertThat(ask("flaky.test.", Type.A, true).getRcode()).isEqualTo(Rcode.NXDOMAIN);

    dns.heal("flaky.test").ptr("127.0.0.2", "flaky.test");
    assertThat(ask("flaky.test.", Type.A, false).getSection(Section.ANSWER)).hasSize(1);
    assertThat(ask("2.0.0.127.in-addr.arpa.", Type.PTR, false).getSection(Section.ANSWER)).hasSize(1);
    assertThat(dns.queryCount("FLAKY.test.", Type.A)).isEqualTo(3);
  }
}
