package dev.outpost.reputation;

import dev.outpost.dns.DnsAnswer;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

/**
 * Reverse DNS of a sending IP: one PTR record whose name resolves back to the IP
 * (forward-confirmed reverse DNS) and equals the EHLO name. Large receivers refuse or junk mail
 * from addresses without it.
 */
final class PtrCheck {
  private final ReputationDns dns;

  PtrCheck(ReputationDns dns) {
    this.dns = dns;
  }

  CheckResult check(InetAddress ip, String ehloName) {
    String address = ip.getHostAddress();
    String name = "PTR " + address;
    String reverse = ReverseMap.fromAddress(ip).toString();
    String publish = reverse + " IN PTR " + ehloName + ". (set by whoever owns the address, usually the hosting"
        + " provider), and " + ehloName + ". IN " + (ip.getAddress().length == 4 ? "A " : "AAAA ") + address;
    List<String> names = new ArrayList<>();
    switch (dns.query(reverse, Type.PTR)) {
      case DnsAnswer.Records r -> {
        for (Record rec : r.records()) names.add(((PTRRecord) rec).getTarget().toString(true).toLowerCase(Locale.ROOT));
      }
      case DnsAnswer.NoData n -> { }
      case DnsAnswer.NxDomain n -> { }
      case DnsAnswer.Failure f -> {
        return CheckResult.fail(name, "the PTR lookup of " + address + " failed: " + f.reason(), "");
      }
    }
    if (names.isEmpty()) return CheckResult.fail(name, address + " has no PTR record", publish);
    if (names.size() > 1) {
      return CheckResult.warn(name, address + " has " + names.size() + " PTR records (" + String.join(", ", names)
          + "); receivers may check any one", "keep one: " + publish);
    }
    String host = names.get(0);
    List<InetAddress> forward = switch (dns.query(host, ip.getAddress().length == 4 ? Type.A : Type.AAAA)) {
      case DnsAnswer.Records r -> ReputationDns.addresses(r.records());
      case DnsAnswer.NoData n -> List.of();
      case DnsAnswer.NxDomain n -> List.of();
      case DnsAnswer.Failure f -> null;
    };
    if (forward == null) return CheckResult.fail(name, "the address lookup of " + host + " failed", "");
    if (!forward.contains(ip)) {
      return CheckResult.fail(name, address + " points to " + host + ", but " + host + " does not resolve back to "
          + address + " (not forward-confirmed)", host + ". IN " + (ip.getAddress().length == 4 ? "A " : "AAAA ")
          + address);
    }
    if (!host.equalsIgnoreCase(ehloName)) {
      return CheckResult.fail(name, address + " is " + host + " (forward-confirmed), but Outpost says EHLO "
          + ehloName, "set server.hostname = \"" + host + "\", or change the PTR: " + publish);
    }
    return CheckResult.pass(name, address + " is " + host + ", which resolves back to it and is the EHLO name");
  }
}
