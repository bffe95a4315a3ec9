package dev.outpost.dns;

import dev.outpost.config.DnsConfig;
import dev.outpost.config.HostPort;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Asks the configured recursive resolvers one question at a time and turns the response into a
 * {@link DnsAnswer}. It caches nothing; {@link DnsCache} does.
 *
 * <p>Each query goes to the resolvers in order, {@code attempts} rounds, each send bounded by
 * {@code timeout}; a SERVFAIL, REFUSED or other error rcode counts like a timeout and moves on
 * to the next resolver. dnsjava retries over TCP when a UDP answer is truncated.
 *
 * <p>CNAMEs are followed: first within the answer (a recursive resolver chases them), then, when
 * the chain ends at a name the answer says nothing about, by asking again for that name, up to
 * {@link #MAX_CNAME_HOPS} names in all.
 */
public final class StubResolver {
  static final int MAX_CNAME_HOPS = 8;

  private final List<SimpleResolver> servers;
  private final Duration timeout;
  private final int attempts;

  public StubResolver(DnsConfig config) {
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (HostPort hp : config.resolvers()) addresses.add(new InetSocketAddress(hp.host(), hp.port()));
    if (addresses.isEmpty()) addresses.addAll(ResolverConfig.getCurrentConfig().servers());
    List<SimpleResolver> resolvers = new ArrayList<>();
    for (InetSocketAddress address : addresses) {
      SimpleResolver r = new SimpleResolver(address);
      r.setTimeout(config.timeout());
      resolvers.add(r);
    }
    this.servers = List.copyOf(resolvers);
    this.timeout = config.timeout();
    this.attempts = config.attempts();
  }

  public DnsAnswer query(Name name, int type) {
    Name current = name;
    long ttl = Long.MAX_VALUE;
    for (int hop = 0; hop < MAX_CNAME_HOPS; hop++) {
      Name asked = current;
      Message response;
      try {
        response = exchange(current, type);
      } catch (QueryFailedException e) {
        return new DnsAnswer.Failure(e.getMessage());
      }
      List<Record> answer = response.getSection(Section.ANSWER);
      // Walk the chain inside the answer; the bound stops a CNAME loop.
      for (int step = 0; step <= answer.size(); step++) {
        List<Record> found = recordsAt(answer, current, type);
        if (!found.isEmpty()) {
          for (Record r : found) ttl = Math.min(ttl, r.getTTL());
          return new DnsAnswer.Records(found, Duration.ofSeconds(ttl));
        }
        CNAMERecord cname = cnameAt(answer, current);
        if (cname == null || type == Type.CNAME) break;
        ttl = Math.min(ttl, cname.getTTL());
        current = cname.getTarget();
      }
      SOARecord soa = soaOf(response);
      long negative = soa == null ? 0 : Math.min(ttl, Math.min(soa.getTTL(), soa.getMinimum()));
      if (response.getRcode() == Rcode.NXDOMAIN) return new DnsAnswer.NxDomain(Duration.ofSeconds(negative));
      boolean chainLeftTheAnswer = !current.equals(asked) && soa == null;
      if (!chainLeftTheAnswer) return new DnsAnswer.NoData(Duration.ofSeconds(negative));
    }
    return new DnsAnswer.Failure("CNAME chain of " + name + " is longer than " + MAX_CNAME_HOPS + " names");
  }

  /** A NOERROR or NXDOMAIN response from the first resolver that gives one. */
  private Message exchange(Name name, int type) throws QueryFailedException {
    String problem = "no resolver configured";
    for (int round = 0; round < attempts; round++) {
      for (SimpleResolver server : servers) {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        long start = System.nanoTime();
        try {
          Message response = server.send(query);
          int rcode = response.getRcode();
          if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) return response;
          problem = Rcode.string(rcode) + " from " + describe(server);
        } catch (SocketTimeoutException e) {
          // dnsjava reports its own deadline this way; being an InterruptedIOException does not
          // make it an interrupt, and treating it as one would stop the delivery worker asking.
          problem = "no answer from " + describe(server) + " within " + seconds(timeout);
        } catch (InterruptedIOException e) {
          Thread.currentThread().interrupt();
          throw new QueryFailedException("interrupted while asking " + describe(server));
        } catch (IOException e) {
          boolean timedOut = System.nanoTime() - start >= timeout.toNanos();
          problem = timedOut
              ? "no answer from " + describe(server) + " within " + seconds(timeout)
              : "asking " + describe(server) + " failed: " + e.getMessage();
        }
      }
    }
    throw new QueryFailedException(problem + " for " + name + " " + Type.string(type)
        + (attempts * servers.size() > 1 ? " (" + attempts * servers.size() + " tries)" : ""));
  }

  private static List<Record> recordsAt(List<Record> answer, Name owner, int type) {
    return answer.stream().filter(r -> r.getType() == type && r.getName().equals(owner)).toList();
  }

  private static CNAMERecord cnameAt(List<Record> answer, Name owner) {
    for (Record r : answer) {
      if (r instanceof CNAMERecord c && c.getName().equals(owner)) return c;
    }
    return null;
  }

  private static SOARecord soaOf(Message response) {
    for (Record r : response.getSection(Section.AUTHORITY)) {
      if (r instanceof SOARecord soa) return soa;
    }
    return null;
  }

  private static String describe(SimpleResolver server) {
    InetSocketAddress a = server.getAddress();
    return new HostPort(a.getAddress().getHostAddress(), a.getPort()).toString();
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  /** Why {@link #exchange} got no usable response; the message is fit for a mail log. */
  private static final class QueryFailedException extends Exception {
    QueryFailedException(String message) {
      super(message, null, false, false);
    }
  }
}
