package dev.outpost.reputation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DMARC of a sending domain: a record at {@code _dmarc} of the domain or, failing that, of its
 * organizational domain (RFC 7489 6.6.3); its policy; and whether the Return-Path domain, which
 * SPF authenticates, is aligned with the From domain under the record's {@code aspf} mode. DKIM
 * alignment holds by construction: Outpost signs with the From domain's own key ({@link DkimCheck}).
 */
final class DmarcCheck {
  private final ReputationDns dns;

  DmarcCheck(ReputationDns dns) {
    this.dns = dns;
  }

  List<CheckResult> check(String fromDomain, String returnPathDomain) {
    String suggested = "_dmarc." + fromDomain + ". IN TXT \"v=DMARC1; p=none; rua=mailto:dmarc-reports@"
        + fromDomain + "\"";
    String owner = "_dmarc." + fromDomain;
    List<String> records;
    switch (dns.txtStartingWith(owner, "v=DMARC1")) {
      case ReputationDns.TxtLookup.Failed f -> {
        return List.of(CheckResult.fail("DMARC", "the TXT lookup of " + owner + " failed: " + f.reason(), ""));
      }
      case ReputationDns.TxtLookup.Found f -> records = f.records();
    }
    String organizational = OrganizationalDomain.of(fromDomain);
    if (records.isEmpty() && !organizational.equals(fromDomain)
        && dns.txtStartingWith("_dmarc." + organizational, "v=DMARC1") instanceof ReputationDns.TxtLookup.Found f) {
      records = f.records();
      owner = "_dmarc." + organizational;
    }
    if (records.isEmpty()) {
      return List.of(CheckResult.fail("DMARC", "no DMARC record at _dmarc." + fromDomain + (organizational.equals(
          fromDomain) ? "" : " or _dmarc." + organizational) + "; Gmail and Yahoo require one of bulk senders",
          suggested));
    }
    if (records.size() > 1) {
      return List.of(CheckResult.fail("DMARC", owner + " has " + records.size() + " DMARC records; receivers"
          + " ignore them all (RFC 7489 6.6.3)", "keep one, e.g. " + suggested));
    }
    Map<String, String> tags = TagList.parse(records.get(0));
    List<CheckResult> results = new ArrayList<>();
    results.add(policy(owner, tags, suggested));
    results.add(alignment(fromDomain, returnPathDomain, tags));
    return results;
  }

  private static CheckResult policy(String owner, Map<String, String> tags, String suggested) {
    String p = tags.getOrDefault("p", "").toLowerCase(Locale.ROOT);
    String found = "\"" + owner + "\" has p=" + p;
    return switch (p) {
      case "reject", "quarantine" -> CheckResult.pass("DMARC", found + ": failing mail is "
          + (p.equals("reject") ? "rejected" : "quarantined"));
      case "none" -> CheckResult.warn("DMARC", found + ": monitoring only, which meets the bulk sender rules;"
          + " move to quarantine or reject once the aggregate reports are clean",
          "when ready: " + owner + ". IN TXT \"v=DMARC1; p=quarantine"
              + (tags.containsKey("rua") ? "; rua=" + tags.get("rua") : "") + "\"");
      default -> CheckResult.fail("DMARC", owner + " has no valid p= tag (got \"" + p + "\"), so receivers"
          + " ignore the record", suggested);
    };
  }

  private static CheckResult alignment(String from, String returnPath, Map<String, String> tags) {
    boolean strict = tags.getOrDefault("aspf", "r").equalsIgnoreCase("s");
    String mode = strict ? "strict (aspf=s)" : "relaxed";
    if (OrganizationalDomain.aligned(from, returnPath, strict)) {
      return CheckResult.pass("DMARC alignment", "Return-Path domain " + returnPath + " is aligned with From "
          + from + " under " + mode + " alignment");
    }
    String fix = strict && OrganizationalDomain.aligned(from, returnPath, false)
        ? "use a Return-Path (bounce address) at " + from + ", or relax alignment: remove aspf=s"
        : "use a Return-Path (bounce address) under " + from + ", e.g. bounces@" + from
            + " (bin/outpost account add ... --bounce-address)";
    return CheckResult.fail("DMARC alignment", "Return-Path domain " + returnPath + " is not aligned with From "
        + from + " under " + mode + " alignment, so SPF cannot pass DMARC; only DKIM can", fix);
  }
}
