package dev.outpost.dns;

import dev.outpost.config.DnsConfig;
import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Finds where mail for a domain goes (RFC 5321 5.1): its MX hosts by preference, each with its
 * addresses; the domain itself when it has no MX records; nothing when it publishes a null MX
 * (RFC 7505). Blocking; call it from a delivery worker, never on the enqueue path.
 *
 * <p>Failures are sorted into what retrying can fix and what it cannot. NXDOMAIN, a null MX, and
 * a domain or MX set without any address are permanent; SERVFAIL, REFUSED and timeouts are
 * temporary, and so is a set of MX hosts that has no address only because some lookups failed.
 *
 * <p>Every query goes through one {@link DnsCache}, so repeated and concurrent lookups cost
 * nothing. Hosts of equal preference are shuffled on each call, spreading connections over them
 * as RFC 5321 5.1 asks. IPv4 addresses come before IPv6 ones: a sender without IPv6 routing
 * would otherwise wait out a connect timeout per host, and IPv6 delivery is judged more strictly
 * by large receivers.
 */
public final class MxResolver {
  /** The most MX hosts tried for one domain, so a hostile zone cannot make a delivery endless. */
  static final int MAX_MX_HOSTS = 10;
  static final Duration MAX_TTL = Duration.ofHours(1);
  static final int MAX_CACHED_ANSWERS = 50_000;

  private final StubResolver resolver;
  private final DnsCache cache;

  public MxResolver(DnsConfig config, Clock clock) {
    this.resolver = new StubResolver(config);
    this.cache = new DnsCache(clock, MAX_TTL, MAX_CACHED_ANSWERS);
  }

  /** Where mail for {@code domain} (an A-label, U-label or address literal such as {@code [192.0.2.1]}) goes. */
  public MxResult resolve(String domain) {
    String shown = domain.toLowerCase(Locale.ROOT);
    if (shown.startsWith("[") && shown.endsWith("]")) return addressLiteral(shown);
    Name name;
    try {
      name = Name.fromString(IDN.toASCII(shown, IDN.ALLOW_UNASSIGNED), Name.root);
    } catch (TextParseException | IllegalArgumentException e) {
      return new MxResult.PermanentFailure("5.1.2", "\"" + domain + "\" is not a valid domain name");
    }
    if (name.labels() < 2) return new MxResult.PermanentFailure("5.1.2", "the recipient address has no domain");
    return switch (lookup(name, Type.MX)) {
      case DnsAnswer.Records mx -> fromMx(shown, mx.records());
      case DnsAnswer.NoData noMx -> implicitMx(shown, name);
      case DnsAnswer.NxDomain nx -> new MxResult.PermanentFailure("5.1.2",
          "domain " + shown + " does not exist (DNS: NXDOMAIN)");
      case DnsAnswer.Failure f -> new MxResult.TemporaryFailure("4.4.3",
          "DNS lookup of " + shown + " MX failed: " + f.reason());
    };
  }

  private MxResult fromMx(String domain, List<Record> records) {
    List<MXRecord> mx = new ArrayList<>();
    for (Record r : records) {
      if (r instanceof MXRecord m && !m.getTarget().equals(Name.root)) mx.add(m);
    }
    if (mx.isEmpty()) {
      return new MxResult.PermanentFailure("5.1.10", "domain " + domain + " does not accept mail (null MX)");
    }
    List<MXRecord> ordered = byPreference(mx);
    List<MxHost> hosts = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    boolean temporary = false;
    for (MXRecord record : ordered.subList(0, Math.min(MAX_MX_HOSTS, ordered.size()))) {
      HostAddresses found = addresses(record.getTarget());
      String hostName = withoutDot(record.getTarget());
      if (!found.addresses().isEmpty()) {
        hosts.add(new MxHost(hostName, record.getPriority(), found.addresses()));
      } else {
        problems.add(hostName + " (" + found.problem() + ")");
        temporary |= found.temporary();
      }
    }
    if (!hosts.isEmpty()) return new MxResult.Hosts(hosts);
    String reason = "no MX host of " + domain + " has an address: " + String.join(", ", problems);
    return temporary
        ? new MxResult.TemporaryFailure("4.4.3", reason)
        : new MxResult.PermanentFailure("5.4.4", reason);
  }

  /** RFC 5321 5.1: without MX records the domain itself is the mail host, preference 0. */
  private MxResult implicitMx(String domain, Name name) {
    HostAddresses found = addresses(name);
    if (!found.addresses().isEmpty()) return new MxResult.Hosts(List.of(new MxHost(domain, 0, found.addresses())));
    String reason = "domain " + domain + " has no MX record and no address: " + found.problem();
    return found.temporary()
        ? new MxResult.TemporaryFailure("4.4.3", reason)
        : new MxResult.PermanentFailure("5.4.4", reason);
  }

  /** Sorted by preference; equal preferences in random order. */
  private static List<MXRecord> byPreference(List<MXRecord> records) {
    List<MXRecord> shuffled = new ArrayList<>(records);
    Collections.shuffle(shuffled, ThreadLocalRandom.current());
    shuffled.sort(Comparator.comparingInt(MXRecord::getPriority));
    return shuffled;
  }

  /**
   * The A then AAAA addresses of a host. The AAAA query is skipped when the A query says the
   * name does not exist, since it would say the same.
   */
  private HostAddresses addresses(Name host) {
    DnsAnswer a = lookup(host, Type.A);
    if (a instanceof DnsAnswer.NxDomain) return new HostAddresses(List.of(), false, "NXDOMAIN");
    DnsAnswer aaaa = lookup(host, Type.AAAA);
    List<InetAddress> addresses = new ArrayList<>();
    if (a instanceof DnsAnswer.Records r) {
      for (Record rec : r.records()) addresses.add(((ARecord) rec).getAddress());
    }
    if (aaaa instanceof DnsAnswer.Records r) {
      for (Record rec : r.records()) addresses.add(((AAAARecord) rec).getAddress());
    }
    DnsAnswer.Failure failure = a instanceof DnsAnswer.Failure f ? f : aaaa instanceof DnsAnswer.Failure f ? f : null;
    String problem = failure != null ? failure.reason() : "no A or AAAA record";
    return new HostAddresses(addresses, failure != null, problem);
  }

  private record HostAddresses(List<InetAddress> addresses, boolean temporary, String problem) {}

  private DnsAnswer lookup(Name name, int type) {
    return cache.get(name, type, resolver::query);
  }

  private static MxResult addressLiteral(String literal) {
    String inside = literal.substring(1, literal.length() - 1);
    boolean v6 = inside.startsWith("ipv6:");
    String text = v6 ? inside.substring(5) : inside;
    byte[] bytes = Address.toByteArray(text, v6 ? Address.IPv6 : Address.IPv4);
    if (bytes == null) return new MxResult.PermanentFailure("5.1.2", literal + " is not a valid address literal");
    try {
      return new MxResult.Hosts(List.of(new MxHost(literal, 0, List.of(InetAddress.getByAddress(bytes)))));
    } catch (UnknownHostException e) {
      return new MxResult.PermanentFailure("5.1.2", literal + " is not a valid address literal");
    }
  }

  private static String withoutDot(Name name) {
    return name.toString(true);
  }
}
