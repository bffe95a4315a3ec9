package dev.outpost.reputation;

import dev.outpost.config.DnsConfig;
import dev.outpost.dns.DnsAnswer;
import dev.outpost.dns.StubResolver;
import java.net.IDN;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The DNS questions the reputation checks ask, through the {@code [dns] resolvers} with their
 * timeout and attempts. Nothing is cached: a check is to see what the world sees now, and a
 * listing or a fixed record must show on the next run, not after a TTL.
 */
public final class ReputationDns {
  private final StubResolver resolver;

  public ReputationDns(DnsConfig config) {
    this.resolver = new StubResolver(config);
  }

  /** The answer for {@code name} (a U-label or A-label, absolute or not) of {@code type}. */
  public DnsAnswer query(String name, int type) {
    Name parsed;
    try {
      parsed = Name.fromString(IDN.toASCII(name, IDN.ALLOW_UNASSIGNED), Name.root);
    } catch (TextParseException | IllegalArgumentException e) {
      return new DnsAnswer.Failure("\"" + name + "\" is not a domain name");
    }
    return resolver.query(parsed, type);
  }

  /** Each TXT record as one string: its character-strings joined, as RFC 7208 3.3 and RFC 6376 3.6.2.2 ask. */
  static List<String> texts(List<Record> records) {
    List<String> out = new ArrayList<>();
    for (Record r : records) {
      if (r instanceof TXTRecord txt) out.add(String.join("", txt.getStrings()));
    }
    return out;
  }

  static List<InetAddress> addresses(List<Record> records) {
    List<InetAddress> out = new ArrayList<>();
    for (Record r : records) {
      if (r instanceof ARecord a) out.add(a.getAddress());
      if (r instanceof AAAARecord aaaa) out.add(aaaa.getAddress());
    }
    return out;
  }

  /** Every TXT record of {@code name}; none when the name has none or does not exist. */
  TxtLookup txt(String name) {
    return switch (query(name, Type.TXT)) {
      case DnsAnswer.Records r -> new TxtLookup.Found(texts(r.records()));
      case DnsAnswer.NoData n -> new TxtLookup.Found(List.of());
      case DnsAnswer.NxDomain n -> new TxtLookup.Found(List.of());
      case DnsAnswer.Failure f -> new TxtLookup.Failed(f.reason());
    };
  }

  /** The TXT records of {@code name} that start with {@code tag} (such as {@code v=DMARC1}), or a failure. */
  TxtLookup txtStartingWith(String name, String tag) {
    return switch (txt(name)) {
      case TxtLookup.Found f -> new TxtLookup.Found(f.records().stream().filter(t -> startsWithTag(t, tag)).toList());
      case TxtLookup.Failed f -> f;
    };
  }

  /** Whether {@code text} begins with {@code tag} as a whole term: {@code v=spf1} but not {@code v=spf10}. */
  static boolean startsWithTag(String text, String tag) {
    String t = text.strip();
    if (!t.regionMatches(true, 0, tag, 0, tag.length())) return false;
    return t.length() == tag.length() || t.charAt(tag.length()) == ' ' || t.charAt(tag.length()) == ';';
  }

  /** TXT records with a given tag, or why they could not be read. */
  sealed interface TxtLookup {
    record Found(List<String> records) implements TxtLookup {}

    record Failed(String reason) implements TxtLookup {}
  }
}
