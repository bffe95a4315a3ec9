package dev.outpost.metrics;

import dev.outpost.config.TlsMode;
import dev.outpost.smtp.Replies;
import dev.outpost.smtp.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One SMTP listener's meters, all tagged {@code listener=NAME}: connections accepted and open,
 * connections refused by a limit, sessions, TLS handshakes, and messages accepted and rejected.
 * Every meter is registered here, once; the methods only count.
 */
public final class ListenerMeters {
  private final String name;
  private final TlsMode tls;
  private final AtomicInteger open = new AtomicInteger();
  private final Counter connections;
  private final Counter sessions;
  private final Counter accepted;
  private final Counter rejectedTransient;
  private final Counter rejectedPermanent;
  private final Counter refusedMaxConnections;
  private final Counter refusedMaxPerAddress;
  private final Counter refusedRate;
  private final Counter refusedShuttingDown;
  /** Null on a listener without TLS, which never handshakes. */
  private final Counter tlsSucceeded;
  private final Counter tlsFailed;

  ListenerMeters(MeterRegistry registry, String name, TlsMode tls) {
    this.name = name;
    this.tls = tls;
    connections = Counter.builder("outpost.smtp.connections").tag("listener", name)
        .description("TCP connections accepted, including those then refused").register(registry);
    Gauge.builder("outpost.smtp.connections.active", open, AtomicInteger::get).tag("listener", name)
        .description("connections open now").register(registry);
    sessions = Counter.builder("outpost.smtp.sessions").tag("listener", name)
        .description("SMTP sessions started: connections that passed the limits").register(registry);
    accepted = Counter.builder("outpost.smtp.messages.accepted").tag("listener", name)
        .description("messages committed to the spool and answered 250").register(registry);
    rejectedTransient = rejected(registry, name, "4xx");
    rejectedPermanent = rejected(registry, name, "5xx");
    refusedMaxConnections = refused(registry, name, "max_connections");
    refusedMaxPerAddress = refused(registry, name, "max_connections_per_ip");
    refusedRate = refused(registry, name, "connection_rate_per_ip");
    refusedShuttingDown = refused(registry, name, "shutting_down");
    if (tls == TlsMode.NONE) {
      tlsSucceeded = null;
      tlsFailed = null;
    } else {
      String mode = tls.name().toLowerCase(Locale.ROOT);
      tlsSucceeded = handshakes(registry, name, mode, "ok");
      tlsFailed = handshakes(registry, name, mode, "failed");
    }
  }

  private static Counter rejected(MeterRegistry registry, String listener, String replyClass) {
    return Counter.builder("outpost.smtp.messages.rejected").tag("listener", listener).tag("class", replyClass)
        .description("messages refused after their data, by reply class").register(registry);
  }

  private static Counter refused(MeterRegistry registry, String listener, String limit) {
    return Counter.builder("outpost.smtp.connections.refused").tag("listener", listener).tag("limit", limit)
        .description("connections refused with 421 before a session, by the limit that refused them")
        .register(registry);
  }

  private static Counter handshakes(MeterRegistry registry, String listener, String mode, String result) {
    return Counter.builder("outpost.smtp.tls.handshakes").tag("listener", listener).tag("mode", mode)
        .tag("result", result).description("TLS handshakes, STARTTLS or implicit, by result").register(registry);
  }

  public String name() {
    return name;
  }

  public TlsMode tls() {
    return tls;
  }

  /** A connection was accepted; {@link #connectionClosed} must follow, whatever happens. */
  public void connectionOpened() {
    connections.increment();
    open.incrementAndGet();
  }

  public void connectionClosed() {
    open.decrementAndGet();
  }

  /**
   * A connection was refused before its session with {@code reply}: one of the connection limits'
   * replies, or the shutdown's.
   */
  public void refused(Reply reply) {
    if (reply == Replies.TOO_MANY_CONNECTIONS) refusedMaxConnections.increment();
    else if (reply == Replies.TOO_MANY_CONNECTIONS_FROM_IP) refusedMaxPerAddress.increment();
    else if (reply == Replies.CONNECTION_RATE_EXCEEDED) refusedRate.increment();
    else if (reply == Replies.SHUTTING_DOWN) refusedShuttingDown.increment();
  }

  public void sessionStarted() {
    sessions.increment();
  }

  public void tlsHandshake(boolean succeeded) {
    Counter c = succeeded ? tlsSucceeded : tlsFailed;
    if (c != null) c.increment();
  }

  public void messageAccepted() {
    accepted.increment();
  }

  /** The message was refused after its data with a reply of code {@code code} (4xx or 5xx). */
  public void messageRejected(int code) {
    (code >= 500 ? rejectedPermanent : rejectedTransient).increment();
  }

  public int openConnections() {
    return open.get();
  }

  public long connectionCount() {
    return (long) connections.count();
  }

  public long sessionCount() {
    return (long) sessions.count();
  }

  public long acceptedCount() {
    return (long) accepted.count();
  }

  public long rejectedCount() {
    return (long) (rejectedTransient.count() + rejectedPermanent.count());
  }

  public long refusedCount() {
    return (long) (refusedMaxConnections.count() + refusedMaxPerAddress.count() + refusedRate.count()
        + refusedShuttingDown.count());
  }

  /** TLS handshakes that failed; 0 on a listener without TLS. */
  public long tlsFailedCount() {
    return tlsFailed == null ? 0 : (long) tlsFailed.count();
  }

  public long tlsSucceededCount() {
    return tlsSucceeded == null ? 0 : (long) tlsSucceeded.count();
  }
}
