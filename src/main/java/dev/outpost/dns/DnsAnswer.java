package dev.outpost.dns;

import java.time.Duration;
import java.util.List;
import org.xbill.DNS.Record;

/**
 * The outcome of one query (a name and a type) after any CNAME chain has been followed. Each
 * says how long it may be cached: {@link Duration#ZERO} means not at all.
 */
public sealed interface DnsAnswer {

  Duration ttl();

  /**
   * Records of the asked type at the end of the CNAME chain.
   *
   * @param ttl the smallest TTL of the records and of the CNAMEs that led to them
   */
  record Records(List<Record> records, Duration ttl) implements DnsAnswer {
    public Records {
      records = List.copyOf(records);
    }
  }

  /** The name exists but has no records of the type (NOERROR, empty answer). */
  record NoData(Duration ttl) implements DnsAnswer {}

  /** The name does not exist (NXDOMAIN). */
  record NxDomain(Duration ttl) implements DnsAnswer {}

  /** No usable answer from any resolver: SERVFAIL, REFUSED, timeout, a CNAME loop. Never cached. */
  record Failure(String reason) implements DnsAnswer {
    @Override
    public Duration ttl() {
      return Duration.ZERO;
    }
  }
}
