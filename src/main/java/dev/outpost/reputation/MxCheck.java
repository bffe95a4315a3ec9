package dev.outpost.reputation;

import dev.outpost.dns.DnsAnswer;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * MX of a sending domain. Receivers check that a sender's domain can take replies and bounces;
 * a null MX (RFC 7505) says it cannot, and RFC 7505 4.2 lets them refuse its mail.
 */
final class MxCheck {
  private final ReputationDns dns;

  MxCheck(ReputationDns dns) {
    this.dns = dns;
  }

  CheckResult check(String domain, String hostname) {
    String publish = domain + ". IN MX 10 " + hostname + ".";
    return switch (dns.query(domain, Type.MX)) {
      case DnsAnswer.Records r -> fromRecords(domain, r.records());
      case DnsAnswer.NoData n -> CheckResult.warn("MX", domain + " has no MX record; mail to it goes to its"
          + " address record, and some receivers distrust senders whose domain has no MX", publish);
      case DnsAnswer.NxDomain n -> CheckResult.fail("MX", domain + " does not exist in DNS (NXDOMAIN)", publish);
      case DnsAnswer.Failure f -> CheckResult.fail("MX", "the MX lookup of " + domain + " failed: " + f.reason(), "");
    };
  }

  private static CheckResult fromRecords(String domain, List<Record> records) {
    List<String> hosts = new ArrayList<>();
    boolean nullMx = false;
    for (Record r : records) {
      if (!(r instanceof MXRecord mx)) continue;
      if (mx.getTarget().equals(Name.root)) {
        nullMx = true;
      } else {
        hosts.add(mx.getPriority() + " " + mx.getTarget().toString(true));
      }
    }
    if (nullMx) {
      return CheckResult.warn("MX", domain + " publishes a null MX (RFC 7505): it accepts no mail, so bounces and"
          + " replies to it are lost and receivers may refuse mail from it",
          "if it should receive replies, replace \"" + domain + ". IN MX 0 .\" with real MX records");
    }
    return CheckResult.pass("MX", domain + " has MX " + String.join(", ", hosts));
  }
}
