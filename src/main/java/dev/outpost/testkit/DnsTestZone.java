package dev.outpost.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The records and scripted failures behind a {@link DnsTestServer}, and how it answers a query:
 * like an authoritative server for every name it holds that also chases CNAMEs, as the
 * recursive resolver a mail server talks to would.
 *
 * <p>A name with no records of the asked type gets NOERROR with no answer (NODATA) when it, or
 * a name below it, holds records; otherwise NXDOMAIN. Both negative answers carry a SOA in the
 * authority section: the closest enclosing SOA added, or else a synthetic one at the name's top
 * label whose TTL and minimum are the negative TTL, so resolvers can cache them (RFC 2308).
 *
 * <p>Thread-safe: every method holds this object's monitor.
 */
final class DnsTestZone {
  private static final int MAX_CNAME_CHAIN = 16;

  private final Map<Name, List<Record>> records = new HashMap<>();
  private final Map<Name, DnsTestServer.Failure> failures = new HashMap<>();
  private long negativeTtl;

  DnsTestZone(long negativeTtl) {
    this.negativeTtl = negativeTtl;
  }

  synchronized void add(Record record) {
    records.computeIfAbsent(record.getName(), n -> new ArrayList<>()).add(record);
  }

  synchronized void remove(Name name) {
    records.remove(name);
  }

  synchronized void clear() {
    records.clear();
    failures.clear();
  }

  synchronized void fail(Name name, DnsTestServer.Failure failure) {
    failures.put(name, failure);
  }

  synchronized void heal(Name name) {
    failures.remove(name);
  }

  synchronized void negativeTtl(long seconds) {
    negativeTtl = seconds;
  }

  /** The response to {@code query}, or null when the query is to go unanswered. */
  synchronized Message answer(Message query) {
    Message response = new Message(query.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    if (query.getHeader().getFlag(Flags.RD)) response.getHeader().setFlag(Flags.RD);
    response.getHeader().setFlag(Flags.RA);
    Record question = query.getQuestion();
    if (question == null || query.getHeader().getOpcode() != Opcode.QUERY) {
      response.getHeader().setRcode(Rcode.FORMERR);
      return response;
    }
    response.addRecord(question, Section.QUESTION);
    int type = question.getType();
    Name current = question.getName();
    for (int hop = 0; hop < MAX_CNAME_CHAIN; hop++) {
      DnsTestServer.Failure failure = failures.get(current);
      if (failure != null) return failed(response, failure, current);
      List<Record> held = records.getOrDefault(current, List.of());
      List<Record> matching = held.stream().filter(r -> type == Type.ANY || r.getType() == type).toList();
      if (!matching.isEmpty()) {
        response.getHeader().setFlag(Flags.AA);
        for (Record r : matching) response.addRecord(r, Section.ANSWER);
        return response;
      }
      Record cname = held.stream().filter(r -> r.getType() == Type.CNAME).findFirst().orElse(null);
      if (cname == null) return negative(response, current, exists(current) ? Rcode.NOERROR : Rcode.NXDOMAIN);
      response.addRecord(cname, Section.ANSWER);
      current = ((CNAMERecord) cname).getTarget();
    }
    response.getHeader().setRcode(Rcode.SERVFAIL);
    return response;
  }

  private Message failed(Message response, DnsTestServer.Failure failure, Name name) {
    return switch (failure) {
      case SERVFAIL -> rcode(response, Rcode.SERVFAIL);
      case REFUSED -> rcode(response, Rcode.REFUSED);
      case NXDOMAIN -> negative(response, name, Rcode.NXDOMAIN);
      case DROP -> null;
    };
  }

  private static Message rcode(Message response, int rcode) {
    response.getHeader().setRcode(rcode);
    return response;
  }

  private Message negative(Message response, Name name, int rcode) {
    response.getHeader().setRcode(rcode);
    response.getHeader().setFlag(Flags.AA);
    response.addRecord(soaFor(name), Section.AUTHORITY);
    return response;
  }

  /** Whether {@code name} holds records or is an ancestor of a name that does (an empty non-terminal). */
  private boolean exists(Name name) {
    for (Name held : records.keySet()) {
      if (held.equals(name) || held.subdomain(name)) return true;
    }
    return false;
  }

  private Record soaFor(Name name) {
    Name n = name;
    while (true) {
      for (Record r : records.getOrDefault(n, List.of())) {
        if (r.getType() == Type.SOA) return r;
      }
      if (n.labels() <= 1) break;
      n = new Name(n, 1);
    }
    Name apex = name.labels() > 1 ? new Name(name, name.labels() - 2) : Name.root;
    return new SOARecord(apex, DClass.IN, negativeTtl, Name.fromConstantString("ns.test."),
        Name.fromConstantString("hostmaster.test."), 1, 3600, 600, 86400, negativeTtl);
  }
}
