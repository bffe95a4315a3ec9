package dev.outpost.reputation;

import java.util.List;
import java.util.Map;

/**
 * MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) of a domain: the TXT records that tell senders to
 * insist on TLS when delivering to it, and where to report TLS failures. Both are recommended,
 * not required, so missing records warn.
 */
final class MtaStsCheck {
  private final ReputationDns dns;

  MtaStsCheck(ReputationDns dns) {
    this.dns = dns;
  }

  CheckResult mtaSts(String domain) {
    String owner = "_mta-sts." + domain;
    String policyUrl = "https://mta-sts." + domain + "/.well-known/mta-sts.txt";
    String publish = owner + ". IN TXT \"v=STSv1; id=1\" (change id= whenever the policy changes), and serve"
        + " the policy at " + policyUrl;
    return switch (dns.txtStartingWith(owner, "v=STSv1")) {
      case ReputationDns.TxtLookup.Failed f -> CheckResult.fail("MTA-STS", "the TXT lookup of " + owner
          + " failed: " + f.reason(), "");
      case ReputationDns.TxtLookup.Found f -> found("MTA-STS", owner, f.records(), "id", publish,
          "the policy must be served at " + policyUrl + " (text/plain, with version, mode, mx and max_age)",
          "no MTA-STS record at " + owner + ": senders cannot be told to insist on TLS to " + domain);
    };
  }

  CheckResult tlsRpt(String domain) {
    String owner = "_smtp._tls." + domain;
    String publish = owner + ". IN TXT \"v=TLSRPTv1; rua=mailto:tls-reports@" + domain + "\"";
    return switch (dns.txtStartingWith(owner, "v=TLSRPTv1")) {
      case ReputationDns.TxtLookup.Failed f -> CheckResult.fail("TLS-RPT", "the TXT lookup of " + owner
          + " failed: " + f.reason(), "");
      case ReputationDns.TxtLookup.Found f -> found("TLS-RPT", owner, f.records(), "rua", publish,
          "TLS failure reports go to the rua= address",
          "no TLS-RPT record at " + owner + ": nobody learns of failed TLS deliveries to " + domain);
    };
  }

  private static CheckResult found(String name, String owner, List<String> records, String requiredTag,
      String publish, String whenPresent, String whenMissing) {
    if (records.isEmpty()) return CheckResult.warn(name, whenMissing, publish);
    if (records.size() > 1) {
      return CheckResult.fail(name, owner + " has " + records.size() + " records; senders ignore them all",
          "keep one: " + publish);
    }
    Map<String, String> tags = TagList.parse(records.get(0));
    if (tags.getOrDefault(requiredTag, "").isEmpty()) {
      return CheckResult.fail(name, owner + " has no " + requiredTag + "= tag, so it is invalid", publish);
    }
    return CheckResult.pass(name, "\"" + records.get(0) + "\" at " + owner + "; " + whenPresent);
  }
}
