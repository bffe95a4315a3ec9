package dev.outpost.reputation;

import dev.outpost.reputation.SpfEvaluator.SpfError;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SPF of a sending domain: exactly one record, and a pass for every sending IP within the
 * lookup limit. Each failure comes with the record to publish instead.
 */
final class SpfCheck {
  private final ReputationDns dns;
  private final SpfEvaluator evaluator;

  SpfCheck(ReputationDns dns) {
    this.dns = dns;
    this.evaluator = new SpfEvaluator(dns);
  }

  List<CheckResult> check(String domain, List<InetAddress> sendingIps) {
    List<String> records;
    try {
      records = SpfEvaluator.spfRecords(dns, domain);
    } catch (SpfError e) {
      return List.of(CheckResult.fail("SPF", e.getMessage(), ""));
    }
    if (records.isEmpty()) {
      return List.of(CheckResult.fail("SPF", domain + " publishes no SPF record",
          publish(domain, suggested(sendingIps))));
    }
    if (records.size() > 1) {
      return List.of(CheckResult.fail("SPF", domain + " publishes " + records.size() + " SPF records: "
          + String.join(" | ", records) + "; RFC 7208 3.2 allows one, so receivers treat it as a permanent error",
          "replace them with one: " + publish(domain, merged(records))));
    }
    String record = records.get(0);
    if (sendingIps.isEmpty()) {
      return List.of(CheckResult.warn("SPF", "found \"" + record + "\", but no sending IPs are configured, so it"
          + " was not evaluated", "set [reputation] sending_ips"));
    }
    List<CheckResult> results = new ArrayList<>();
    for (InetAddress ip : sendingIps) {
      String name = "SPF " + ip.getHostAddress();
      SpfOutcome o = evaluator.evaluate(ip, domain);
      String lookups = " (" + o.lookups() + " of " + SpfEvaluator.MAX_LOOKUPS + " DNS lookups)";
      results.add(switch (o.result()) {
        case PASS -> CheckResult.pass(name, "pass: " + o.reason() + lookups);
        case FAIL, SOFTFAIL, NEUTRAL, NONE -> CheckResult.fail(name, o.result().name().toLowerCase()
            + ": " + o.reason() + lookups, publish(domain, withTerm(record, term(ip))));
        case PERMERROR -> CheckResult.fail(name, "permerror: " + o.reason() + lookups, "");
        case TEMPERROR -> CheckResult.fail(name, "temperror: " + o.reason(), "");
      });
    }
    return results;
  }

  private static String publish(String domain, String record) {
    return domain + ". IN TXT \"" + record + "\"";
  }

  static String term(InetAddress ip) {
    return (ip instanceof Inet6Address ? "ip6:" : "ip4:") + ip.getHostAddress();
  }

  private static String suggested(List<InetAddress> ips) {
    StringBuilder s = new StringBuilder("v=spf1");
    for (InetAddress ip : ips) s.append(' ').append(term(ip));
    return s.append(" ~all").toString();
  }

  /** {@code record} with {@code term} before its final {@code all} or {@code redirect=}, or at the end. */
  static String withTerm(String record, String term) {
    List<String> terms = new ArrayList<>(Arrays.asList(record.strip().split(" +")));
    String last = terms.get(terms.size() - 1).toLowerCase();
    boolean closing = terms.size() > 1 && (last.matches("[-+~?]?all") || last.startsWith("redirect="));
    terms.add(closing ? terms.size() - 1 : terms.size(), term);
    return String.join(" ", terms);
  }

  /** One record with every term of several, the first version tag and one closing {@code all}. */
  private static String merged(List<String> records) {
    List<String> terms = new ArrayList<>();
    String all = "~all";
    for (String r : records) {
      for (String t : r.strip().split(" +")) {
        if (t.equalsIgnoreCase("v=spf1")) continue;
        if (t.toLowerCase().matches("[-+~?]?all")) {
          all = t;
        } else if (!terms.contains(t)) {
          terms.add(t);
        }
      }
    }
    return "v=spf1 " + String.join(" ", terms) + (terms.isEmpty() ? "" : " ") + all;
  }
}
