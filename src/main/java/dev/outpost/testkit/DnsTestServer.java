package dev.outpost.testkit;

import dev.outpost.config.HostPort;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A DNS server for tests on 127.0.0.1, UDP and TCP on one ephemeral port, answering from records
 * a test adds and failing on cue. Point {@code [dns] resolvers} at {@link #hostPort()}.
 *
 * <pre>{@code
 * try (DnsTestServer dns = DnsTestServer.start()) {
 *   dns.mx("example.test", 10, "mx1.example.test").a("mx1.example.test", "127.0.0.2");
 *   dns.txt("example.test", "v=spf1 ip4:127.0.0.0/8 -all");
 *   dns.records("_dmarc.example.test. 60 IN TXT \"v=DMARC1; p=reject\"");
 *   dns.fail("broken.test", DnsTestServer.Failure.SERVFAIL);
 *   ... dns.queryCount("example.test", Type.MX) ...
 * }
 * }</pre>
 *
 * <p>It answers as a recursive resolver would (CNAMEs chased, RA set), with NODATA and NXDOMAIN
 * carrying a SOA whose minimum is the negative TTL (see {@link #negativeTtl}). Names are
 * absolute whether or not they end in a dot, and compared case-insensitively. Records added by
 * the helpers get {@link #DEFAULT_TTL}; {@link #records} and {@link #record} take any TTL and any
 * type. Records and failures may change while the server runs; the next query sees the change.
 * UDP answers larger than 512 bytes (or the client's EDNS size) are truncated with TC set, so a
 * client retries over TCP as it would in the wild.
 */
public final class DnsTestServer implements AutoCloseable {
  /** TTL of records added by the helpers, in seconds. */
  public static final long DEFAULT_TTL = 300;
  /** The negative TTL (SOA minimum) until {@link #negativeTtl} changes it, in seconds. */
  public static final long DEFAULT_NEGATIVE_TTL = 60;
  private static final int BIND_TRIES = 20;
  private static final int PLAIN_UDP_LIMIT = 512;

  /** What a name answers instead of its records; CNAMEs leading to the name get it too. */
  public enum Failure {
    SERVFAIL,
    REFUSED,
    /** The name does not exist, whatever records it holds. */
    NXDOMAIN,
    /** No answer at all, so the client times out. */
    DROP
  }

  /** One query received: the name asked (absolute, lower case), its type and the transport. */
  public record Query(String name, int type, boolean tcp) {
    @Override
    public String toString() {
      return name + " " + Type.string(type) + (tcp ? " (TCP)" : "");
    }
  }

  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final DnsTestZone zone = new DnsTestZone(DEFAULT_NEGATIVE_TTL);
  private final List<Query> queries = new ArrayList<>();
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private DnsTestServer(DatagramSocket udp, ServerSocket tcp) {
    this.udp = udp;
    this.tcp = tcp;
  }

  /** Starts a server with no records on 127.0.0.1 and a free port, the same for UDP and TCP. */
  public static DnsTestServer start() throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    for (int attempt = 1; ; attempt++) {
      DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
      ServerSocket tcp = new ServerSocket();
      try {
        tcp.bind(new InetSocketAddress(loopback, udp.getLocalPort()), 50);
      } catch (BindException e) {
        udp.close();
        tcp.close();
        if (attempt == BIND_TRIES) throw e;
        continue;
      }
      DnsTestServer server = new DnsTestServer(udp, tcp);
      Thread.ofPlatform().daemon().name("dns-test-udp-" + udp.getLocalPort()).start(server::serveUdp);
      Thread.ofPlatform().daemon().name("dns-test-tcp-" + udp.getLocalPort()).start(server::acceptTcp);
      return server;
    }
  }

  public int port() {
    return udp.getLocalPort();
  }

  /** The address for {@code [dns] resolvers}. */
  public HostPort hostPort() {
    return new HostPort(udp.getLocalAddress().getHostAddress(), port());
  }

  public DnsTestServer mx(String domain, int preference, String host) {
    return record(new MXRecord(name(domain), DClass.IN, DEFAULT_TTL, preference, name(host)));
  }

  /** The RFC 7505 null MX: "this domain accepts no mail". */
  public DnsTestServer nullMx(String domain) {
    return record(new MXRecord(name(domain), DClass.IN, DEFAULT_TTL, 0, Name.root));
  }

  public DnsTestServer a(String name, String... addresses) {
    for (String address : addresses) {
      record(new ARecord(name(name), DClass.IN, DEFAULT_TTL, literal(address)));
    }
    return this;
  }

  public DnsTestServer aaaa(String name, String... addresses) {
    for (String address : addresses) {
      record(new AAAARecord(name(name), DClass.IN, DEFAULT_TTL, literal(address)));
    }
    return this;
  }

  /** One TXT record; text longer than 255 characters is split into several strings, as DKIM keys are. */
  public DnsTestServer txt(String name, String text) {
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < text.length() || strings.isEmpty(); i += 255) {
      strings.add(text.substring(i, Math.min(text.length(), i + 255)));
    }
    return record(new TXTRecord(name(name), DClass.IN, DEFAULT_TTL, strings));
  }

  public DnsTestServer cname(String name, String target) {
    return record(new CNAMERecord(name(name), DClass.IN, DEFAULT_TTL, name(target)));
  }

  /** The PTR record of an IPv4 or IPv6 address, under in-addr.arpa or ip6.arpa. */
  public DnsTestServer ptr(String address, String host) {
    return record(new PTRRecord(ReverseMap.fromAddress(literal(address)), DClass.IN, DEFAULT_TTL, name(host)));
  }

  public DnsTestServer ns(String zone, String host) {
    return record(new NSRecord(name(zone), DClass.IN, DEFAULT_TTL, name(host)));
  }

  /** A SOA for {@code zone}; negative answers below it are cacheable for {@code negativeTtl} seconds. */
  public DnsTestServer soa(String zone, long negativeTtl) {
    return record(new SOARecord(name(zone), DClass.IN, negativeTtl, name("ns." + zone),
        name("hostmaster." + zone), 1, 3600, 600, 86400, negativeTtl));
  }

  /** Any record, with its own TTL. */
  public DnsTestServer record(Record record) {
    zone.add(record);
    return this;
  }

  /**
   * Records in master-file syntax, one per line, names absolute:
   * {@code records("example.test. 30 IN MX 10 mx.example.test.")}.
   */
  public DnsTestServer records(String masterText) {
    try (Master master = new Master(new ByteArrayInputStream(masterText.getBytes(StandardCharsets.UTF_8)),
        Name.root, DEFAULT_TTL)) {
      for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) record(r);
    } catch (IOException e) {
      throw new IllegalArgumentException("not master-file records: " + e.getMessage(), e);
    }
    return this;
  }

  /** Removes every record of {@code name}; its failure, if any, stays. */
  public DnsTestServer remove(String name) {
    zone.remove(name(name));
    return this;
  }

  /** Removes every record and failure. */
  public DnsTestServer clear() {
    zone.clear();
    return this;
  }

  /** From now on, every query for {@code name} gets {@code failure}. */
  public DnsTestServer fail(String name, Failure failure) {
    zone.fail(name(name), failure);
    return this;
  }

  /** Ends the failure of {@code name}: it answers from its records again. */
  public DnsTestServer heal(String name) {
    zone.heal(name(name));
    return this;
  }

  /** The negative TTL of the synthetic SOA in NODATA and NXDOMAIN answers. */
  public DnsTestServer negativeTtl(long seconds) {
    zone.negativeTtl(seconds);
    return this;
  }

  /** Every query received so far, in arrival order. */
  public List<Query> queries() {
    synchronized (queries) {
      return List.copyOf(queries);
    }
  }

  /** How many queries for {@code name} of {@code type} (an {@link Type} constant) arrived. */
  public int queryCount(String name, int type) {
    String wanted = name(name).toString().toLowerCase(Locale.ROOT);
    synchronized (queries) {
      return (int) queries.stream().filter(q -> q.type() == type && q.name().equals(wanted)).count();
    }
  }

  @Override
  public void close() {
    closed = true;
    udp.close();
    try {
      tcp.close();
    } catch (IOException ignored) {
      // The listener is going away either way.
    }
    for (Socket s : connections) SmtpSink.closeQuietly(s);
  }

  private void serveUdp() {
    byte[] buffer = new byte[65_535];
    while (!closed) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        udp.receive(packet);
        byte[] reply = respond(Arrays.copyOf(packet.getData(), packet.getLength()), false);
        if (reply != null) udp.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
      } catch (SocketException e) {
        return;
      } catch (IOException e) {
        // A malformed datagram or a failed send costs one query, never the server.
      }
    }
  }

  private void acceptTcp() {
    while (!closed) {
      Socket socket;
      try {
        socket = tcp.accept();
      } catch (IOException e) {
        if (closed) return;
        continue;
      }
      connections.add(socket);
      Thread.ofVirtual().name("dns-test-tcp-connection").start(() -> serveTcp(socket));
    }
  }

  /** RFC 1035 4.2.2: each message is preceded by its two-byte length; many may share a connection. */
  private void serveTcp(Socket socket) {
    try (socket) {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      while (true) {
        byte[] query = new byte[in.readUnsignedShort()];
        in.readFully(query);
        byte[] reply = respond(query, true);
        if (reply == null) continue;
        out.writeShort(reply.length);
        out.write(reply);
        out.flush();
      }
    } catch (EOFException | SocketException e) {
      // The client closed the connection, or the server is closing.
    } catch (IOException e) {
      // A malformed message ends this connection only.
    } finally {
      connections.remove(socket);
    }
  }

  private byte[] respond(byte[] wire, boolean overTcp) throws IOException {
    Message query = new Message(wire);
    Record question = query.getQuestion();
    if (question != null) {
      synchronized (queries) {
        queries.add(new Query(question.getName().toString().toLowerCase(Locale.ROOT), question.getType(), overTcp));
      }
    }
    Message response = zone.answer(query);
    if (response == null) return null;
    if (overTcp) return response.toWire();
    OPTRecord opt = query.getOPT();
    int limit = opt == null ? PLAIN_UDP_LIMIT : Math.max(PLAIN_UDP_LIMIT, opt.getPayloadSize());
    return response.toWire(limit);
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a domain name: " + text, e);
    }
  }

  private static InetAddress literal(String address) {
    try {
      return Address.getByAddress(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + address, e);
    }
  }
}
