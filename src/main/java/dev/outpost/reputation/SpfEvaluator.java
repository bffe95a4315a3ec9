package dev.outpost.reputation;

import dev.outpost.config.CidrRange;
import dev.outpost.dns.DnsAnswer;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

/**
 * RFC 7208 {@code check_host()} for one address and domain, as far as a setup check needs it:
 * {@code all}, {@code ip4}, {@code ip6}, {@code a}, {@code mx}, {@code include}, {@code exists},
 * {@code ptr}, {@code redirect=}, and macros without transformers. It counts the terms that query
 * DNS against the limit of 10 and empty answers against the limit of 2 (4.6.4), since a record
 * that passes here but needs 11 lookups fails at every receiver.
 *
 * <p>The sender is taken to be {@code postmaster@domain}; {@code exp=} is ignored because the
 * explanation is only shown to rejected senders.
 */
public final class SpfEvaluator {
  static final int MAX_LOOKUPS = 10;
  static final int MAX_VOID_LOOKUPS = 2;
  static final int MAX_MX_NAMES = 10;
  private static final Pattern MODIFIER = Pattern.compile("(?i)[a-z][a-z0-9_.-]*=.*");

  private final ReputationDns dns;

  public SpfEvaluator(ReputationDns dns) {
    this.dns = dns;
  }

  public SpfOutcome evaluate(InetAddress ip, String domain) {
    Evaluation e = new Evaluation(ip, domain.toLowerCase(Locale.ROOT));
    try {
      SpfResult result = e.checkHost(e.senderDomain);
      return new SpfOutcome(result, e.reason, e.lookups);
    } catch (SpfError error) {
      return new SpfOutcome(error.result, error.getMessage(), e.lookups);
    }
  }

  /** The one SPF record of {@code domain}; none or several are reported as the RFC says. */
  static List<String> spfRecords(ReputationDns dns, String domain) throws SpfError {
    return switch (dns.txtStartingWith(domain, "v=spf1")) {
      case ReputationDns.TxtLookup.Found f -> f.records();
      case ReputationDns.TxtLookup.Failed f -> throw new SpfError(SpfResult.TEMPERROR,
          "the TXT lookup of " + domain + " failed: " + f.reason());
    };
  }

  /** The state of one evaluation: counters are shared by every include and redirect. */
  private final class Evaluation {
    private final InetAddress ip;
    private final String senderDomain;
    private int lookups;
    private int voidLookups;
    private String reason = "";

    Evaluation(InetAddress ip, String senderDomain) {
      this.ip = ip;
      this.senderDomain = senderDomain;
    }

    SpfResult checkHost(String domain) throws SpfError {
      List<String> records = spfRecords(dns, domain);
      if (records.isEmpty()) {
        reason = domain + " publishes no SPF record";
        return SpfResult.NONE;
      }
      if (records.size() > 1) {
        throw new SpfError(SpfResult.PERMERROR, domain + " publishes " + records.size()
            + " SPF records; RFC 7208 3.2 allows one, so receivers see none: merge them");
      }
      String[] terms = records.get(0).strip().split(" +");
      String redirect = null;
      for (int i = 1; i < terms.length; i++) {
        String term = terms[i];
        if (MODIFIER.matcher(term).matches()) {
          if (term.regionMatches(true, 0, "redirect=", 0, 9)) {
            if (redirect != null) throw new SpfError(SpfResult.PERMERROR, domain + " has two redirect= modifiers");
            redirect = term.substring(9);
          }
          continue;
        }
        boolean qualified = "+-~?".indexOf(term.charAt(0)) >= 0;
        char q = qualified ? term.charAt(0) : '+';
        String mechanism = qualified ? term.substring(1) : term;
        if (matches(mechanism, domain)) {
          reason = "\"" + term + "\" in the SPF record of " + domain + " matched " + ip.getHostAddress();
          return SpfResult.ofQualifier(q);
        }
      }
      if (redirect != null) {
        countLookup();
        String target = expand(redirect, domain);
        SpfResult result = checkHost(target);
        if (result == SpfResult.NONE) {
          throw new SpfError(SpfResult.PERMERROR, "redirect=" + target + " in " + domain + " has no SPF record");
        }
        return result;
      }
      reason = "no term of the SPF record of " + domain + " matched " + ip.getHostAddress()
          + ", and it has no \"all\" (neutral)";
      return SpfResult.NEUTRAL;
    }

    private boolean matches(String mechanism, String domain) throws SpfError {
      String lower = mechanism.toLowerCase(Locale.ROOT);
      String name = lower.split("[:/]", 2)[0];
      String rest = mechanism.substring(name.length());
      return switch (name) {
        case "all" -> true;
        case "ip4", "ip6" -> network(rest.startsWith(":") ? rest.substring(1) : "", mechanism).contains(ip)
            && (name.equals("ip6") == (ip instanceof Inet6Address));
        case "a" -> {
          countLookup();
          DomainCidr dc = domainCidr(rest, domain);
          yield anyInNetwork(addressesOf(dc.domain()), dc);
        }
        case "mx" -> {
          countLookup();
          yield mxMatches(domainCidr(rest, domain));
        }
        case "include" -> {
          countLookup();
          yield included(expand(argument(rest, mechanism), domain));
        }
        case "exists" -> {
          countLookup();
          yield !addressesOf(expand(argument(rest, mechanism), domain), false).isEmpty();
        }
        case "ptr" -> {
          countLookup();
          yield ptrMatches(rest.startsWith(":") ? expand(rest.substring(1), domain) : domain);
        }
        default -> throw new SpfError(SpfResult.PERMERROR, "unknown mechanism \"" + mechanism + "\" in the SPF"
            + " record of " + domain);
      };
    }

    private boolean included(String target) throws SpfError {
      SpfResult r = checkHost(target);
      return switch (r) {
        case PASS -> true;
        case FAIL, SOFTFAIL, NEUTRAL -> false;
        case TEMPERROR -> throw new SpfError(SpfResult.TEMPERROR, reason);
        case NONE, PERMERROR -> throw new SpfError(SpfResult.PERMERROR, "include:" + target
            + " has no SPF record");
      };
    }

    private boolean mxMatches(DomainCidr dc) throws SpfError {
      List<String> hosts = new ArrayList<>();
      for (Record r : records(dc.domain(), Type.MX)) {
        if (r instanceof MXRecord mx) hosts.add(mx.getTarget().toString(true));
      }
      if (hosts.size() > MAX_MX_NAMES) {
        throw new SpfError(SpfResult.PERMERROR, "mx: " + dc.domain() + " has more than " + MAX_MX_NAMES
            + " MX hosts (RFC 7208 4.6.4)");
      }
      for (String host : hosts) {
        if (anyInNetwork(addressesOf(host), dc)) return true;
      }
      return false;
    }

    private boolean ptrMatches(String target) throws SpfError {
      List<Record> names = records(ReverseMap.fromAddress(ip).toString(), Type.PTR);
      for (Record r : names.subList(0, Math.min(names.size(), MAX_MX_NAMES))) {
        String host = ((PTRRecord) r).getTarget().toString(true).toLowerCase(Locale.ROOT);
        boolean under = host.equals(target) || host.endsWith("." + target);
        if (under && addressesOf(host).contains(ip)) return true;
      }
      return false;
    }

    private List<InetAddress> addressesOf(String host) throws SpfError {
      return addressesOf(host, ip instanceof Inet6Address);
    }

    private List<InetAddress> addressesOf(String host, boolean v6) throws SpfError {
      return ReputationDns.addresses(records(host, v6 ? Type.AAAA : Type.A));
    }

    /** The records of a lookup a term asked for; an empty answer counts against the void limit. */
    private List<Record> records(String name, int type) throws SpfError {
      return switch (dns.query(name, type)) {
        case DnsAnswer.Records r -> r.records();
        case DnsAnswer.NoData n -> voidLookup(name);
        case DnsAnswer.NxDomain n -> voidLookup(name);
        case DnsAnswer.Failure f -> throw new SpfError(SpfResult.TEMPERROR, "looking up " + name + " "
            + Type.string(type) + " failed: " + f.reason());
      };
    }

    private List<Record> voidLookup(String name) throws SpfError {
      if (++voidLookups > MAX_VOID_LOOKUPS) {
        throw new SpfError(SpfResult.PERMERROR, "more than " + MAX_VOID_LOOKUPS + " lookups found nothing (the"
            + " last: " + name + "); RFC 7208 4.6.4 makes that a permanent error");
      }
      return List.of();
    }

    private void countLookup() throws SpfError {
      if (++lookups > MAX_LOOKUPS) {
        throw new SpfError(SpfResult.PERMERROR, "the record needs more than " + MAX_LOOKUPS + " DNS lookups"
            + " (RFC 7208 4.6.4); replace include: and a/mx terms with ip4:/ip6: ranges");
      }
    }

    private boolean anyInNetwork(List<InetAddress> addresses, DomainCidr dc) {
      int prefix = ip instanceof Inet6Address ? dc.v6Prefix() : dc.v4Prefix();
      for (InetAddress a : addresses) {
        if (new CidrRange(a.getAddress(), prefix).contains(ip)) return true;
      }
      return false;
    }

    private DomainCidr domainCidr(String rest, String domain) throws SpfError {
      String spec = rest;
      int v6 = 128;
      int v4 = 32;
      int dual = spec.indexOf("//");
      if (dual >= 0) {
        v6 = prefix(spec.substring(dual + 2), 128);
        spec = spec.substring(0, dual);
      }
      int slash = spec.lastIndexOf('/');
      if (slash >= 0) {
        v4 = prefix(spec.substring(slash + 1), 32);
        spec = spec.substring(0, slash);
      }
      String target = spec.startsWith(":") ? expand(spec.substring(1), domain) : domain;
      return new DomainCidr(target, v4, v6);
    }

    private String expand(String spec, String domain) throws SpfError {
      return SpfMacros.expand(spec, ip, senderDomain, domain);
    }
  }

  private static int prefix(String digits, int max) throws SpfError {
    try {
      int n = Integer.parseInt(digits);
      if (n >= 0 && n <= max) return n;
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new SpfError(SpfResult.PERMERROR, "\"/" + digits + "\" is not a prefix length 0-" + max);
  }

  private static CidrRange network(String text, String mechanism) throws SpfError {
    try {
      return CidrRange.parse(text);
    } catch (IllegalArgumentException e) {
      throw new SpfError(SpfResult.PERMERROR, "\"" + mechanism + "\" is not a valid network: " + e.getMessage());
    }
  }

  private static String argument(String rest, String mechanism) throws SpfError {
    if (!rest.startsWith(":") || rest.length() == 1) {
      throw new SpfError(SpfResult.PERMERROR, "\"" + mechanism + "\" needs a domain");
    }
    return rest.substring(1);
  }

  private record DomainCidr(String domain, int v4Prefix, int v6Prefix) {}

  /** Ends an evaluation with an error result; the message says why. */
  static final class SpfError extends Exception {
    final SpfResult result;

    SpfError(SpfResult result, String message) {
      super(message, null, false, false);
      this.result = result;
    }
  }
}
