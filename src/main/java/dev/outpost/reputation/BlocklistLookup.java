package dev.outpost.reputation;

import dev.outpost.dns.DnsAnswer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Type;

/**
 * RFC 5782 queries: an IPv4 address as its octets reversed under the zone
 * ({@code 2.0.0.127.zen.spamhaus.org}), an IPv6 address as its 32 nibbles reversed, a domain as
 * itself under the zone ({@code example.com.dbl.spamhaus.org}).
 *
 * <p>An A answer in 127.0.0.0/8 is a listing, with two exceptions that mean the list did not
 * answer the question. 127.255.255.0/24 is what Spamhaus returns for a refused query
 * (.252 a malformed query, .254 a query through a public resolver, .255 too many queries), and
 * 127.0.0.1 is what SURBL and URIBL return to blocked resolvers; RFC 5782 5 also says no list
 * may list 127.0.0.1's own entry. An answer outside 127/8 comes from a resolver that rewrites
 * NXDOMAIN. All three are errors of the check, never listings.
 */
public final class BlocklistLookup {
  private final ReputationDns dns;

  public BlocklistLookup(ReputationDns dns) {
    this.dns = dns;
  }

  public BlocklistAnswer address(InetAddress ip, String zone) {
    return ask(reversed(ip) + "." + zone);
  }

  public BlocklistAnswer domain(String domain, String zone) {
    return ask(domain.toLowerCase(Locale.ROOT) + "." + zone);
  }

  static String reversed(InetAddress ip) {
    byte[] a = ip.getAddress();
    List<String> labels = new ArrayList<>();
    for (int i = a.length - 1; i >= 0; i--) {
      if (ip instanceof Inet4Address) {
        labels.add(Integer.toString(a[i] & 0xff));
      } else {
        labels.add(Character.toString(Character.forDigit(a[i] & 0xf, 16)));
        labels.add(Character.toString(Character.forDigit((a[i] >> 4) & 0xf, 16)));
      }
    }
    return String.join(".", labels);
  }

  private BlocklistAnswer ask(String name) {
    List<InetAddress> answers;
    switch (dns.query(name, Type.A)) {
      case DnsAnswer.Records r -> answers = ReputationDns.addresses(r.records());
      case DnsAnswer.NoData n -> answers = List.of();
      case DnsAnswer.NxDomain n -> answers = List.of();
      case DnsAnswer.Failure f -> {
        return new BlocklistAnswer.Error(f.reason());
      }
    }
    if (answers.isEmpty()) return new BlocklistAnswer.NotListed();
    List<String> codes = new ArrayList<>();
    for (InetAddress a : answers) {
      String refused = refusal(a);
      if (refused != null) {
        return new BlocklistAnswer.Error(refused + " (answer " + a.getHostAddress() + " for " + name + ")");
      }
      codes.add(a.getHostAddress());
    }
    return new BlocklistAnswer.Listed(codes, reason(name));
  }

  /** Why an answer means "not answered", or null for a real listing code. */
  private static String refusal(InetAddress a) {
    byte[] b = a.getAddress();
    if (b.length != 4 || (b[0] & 0xff) != 127) {
      return "not a blocklist code: the resolver probably rewrites NXDOMAIN answers";
    }
    if ((b[1] & 0xff) == 255 && (b[2] & 0xff) == 255) {
      return switch (b[3] & 0xff) {
        case 252 -> "the list refused a malformed query (or an invalid DQS key)";
        case 254 -> "the list refuses queries through public or open resolvers: use your own resolver";
        case 255 -> "the list refused the query: too many queries from this resolver";
        default -> "the list refused the query";
      };
    }
    if ((b[1] & 0xff) == 0 && (b[2] & 0xff) == 0 && (b[3] & 0xff) == 1) {
      return "the list refused the query (127.0.0.1 is how URI lists answer blocked resolvers)";
    }
    return null;
  }

  private String reason(String name) {
    return switch (dns.txt(name)) {
      case ReputationDns.TxtLookup.Found f -> String.join("; ", f.records());
      case ReputationDns.TxtLookup.Failed f -> "";
    };
  }
}
