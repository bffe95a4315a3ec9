package dev.outpost.reputation;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * "Is my setup correct before I send?": every DNS record a receiver looks at for one sending
 * domain, each with a verdict and the record to publish or fix. Blocking, a few dozen queries;
 * run it from the CLI or an API request, never on the message path.
 */
public final class DomainCheck {
  private final SpfCheck spf;
  private final DkimCheck dkim;
  private final DmarcCheck dmarc;
  private final MxCheck mx;
  private final MtaStsCheck tls;
  private final PtrCheck ptr;
  private final List<InetAddress> sendingIps;
  private final String ehloName;

  /**
   * @param sendingIps the addresses Outpost sends from: {@code [reputation] sending_ips}
   * @param ehloName {@code server.hostname}, which each sending IP's PTR must name
   */
  public DomainCheck(ReputationDns dns, PublishedKeySource keys, List<InetAddress> sendingIps, String ehloName) {
    this.spf = new SpfCheck(dns);
    this.dkim = new DkimCheck(dns, keys);
    this.dmarc = new DmarcCheck(dns);
    this.mx = new MxCheck(dns);
    this.tls = new MtaStsCheck(dns);
    this.ptr = new PtrCheck(dns);
    this.sendingIps = List.copyOf(sendingIps);
    this.ehloName = ehloName;
  }

  /**
   * @param domain the From domain
   * @param returnPathDomain the domain of the envelope sender (bounce address) used with it
   */
  public DomainReport check(String domain, String returnPathDomain) {
    String d = domain.toLowerCase(Locale.ROOT);
    List<CheckResult> results = new ArrayList<>(spf.check(d, sendingIps));
    results.addAll(dkim.check(d));
    results.addAll(dmarc.check(d, returnPathDomain.toLowerCase(Locale.ROOT)));
    results.add(mx.check(d, ehloName));
    results.add(tls.mtaSts(d));
    results.add(tls.tlsRpt(d));
    if (sendingIps.isEmpty()) {
      results.add(CheckResult.warn("PTR", "no sending IPs are configured, so reverse DNS was not checked",
          "set [reputation] sending_ips"));
    }
    for (InetAddress ip : sendingIps) results.add(ptr.check(ip, ehloName));
    return new DomainReport(d, results);
  }
}
