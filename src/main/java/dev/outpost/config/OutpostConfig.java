package dev.outpost.config;

import java.util.List;

/**
 * The whole configuration, immutable and validated. {@link ConfigLoader} builds it from one TOML
 * file; {@link #defaults()} is what {@code outpost serve} runs with when no file is given.
 */
public record OutpostConfig(
    ServerConfig server,
    List<ListenerConfig> listeners,
    SmtpConfig smtp,
    TlsConfig tls,
    RelayConfig relay,
    List<RouteConfig> routes,
    DnsConfig dns,
    DeliveryConfig delivery,
    SpoolConfig spool,
    HttpConfig http,
    AbuseConfig abuse,
    BounceConfig bounce,
    SendersConfig senders,
    ReputationConfig reputation) {

  public OutpostConfig {
    listeners = List.copyOf(listeners);
    routes = List.copyOf(routes);
  }

  /** Safe embedded defaults: loopback only, a trusted plain port and a STARTTLS submission port. */
  public static OutpostConfig defaults() {
    return new OutpostConfig(
        ServerConfig.defaults(),
        List.of(
            new ListenerConfig("local", HostPort.parse("127.0.0.1:2525"), TlsMode.NONE, AuthMode.NONE),
            new ListenerConfig("submission", HostPort.parse("127.0.0.1:2587"), TlsMode.STARTTLS, AuthMode.OPTIONAL)),
        SmtpConfig.defaults(),
        TlsConfig.selfSigned(),
        RelayConfig.defaults(),
        List.of(),
        DnsConfig.system(),
        DeliveryConfig.defaults(),
        SpoolConfig.defaults(),
        HttpConfig.defaults(),
        AbuseConfig.defaults(),
        BounceConfig.defaults(),
        SendersConfig.defaults(),
        ReputationConfig.defaults());
  }

  public OutpostConfig withServer(ServerConfig s) {
    return new OutpostConfig(s, listeners, smtp, tls, relay, routes, dns, delivery, spool, http,
        abuse, bounce, senders, reputation);
  }

  public OutpostConfig withListeners(List<ListenerConfig> l) {
    return new OutpostConfig(server, l, smtp, tls, relay, routes, dns, delivery, spool, http,
        abuse, bounce, senders, reputation);
  }

  public OutpostConfig withSmtp(SmtpConfig s) {
    return new OutpostConfig(server, listeners, s, tls, relay, routes, dns, delivery, spool, http,
        abuse, bounce, senders, reputation);
  }

  public OutpostConfig withRoutes(List<RouteConfig> r) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, r, dns, delivery, spool, http,
        abuse, bounce, senders, reputation);
  }

  public OutpostConfig withDns(DnsConfig d) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, d, delivery, spool, http,
        abuse, bounce, senders, reputation);
  }

  public OutpostConfig withDelivery(DeliveryConfig d) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, dns, d, spool, http,
        abuse, bounce, senders, reputation);
  }

  public OutpostConfig withSpool(SpoolConfig s) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, dns, delivery, s, http,
        abuse, bounce, senders, reputation);
  }

  public OutpostConfig withAbuse(AbuseConfig a) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, dns, delivery, spool, http, a, bounce, senders,
        reputation);
  }

  public OutpostConfig withBounce(BounceConfig b) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, dns, delivery, spool, http,
        abuse, b, senders, reputation);
  }

  public OutpostConfig withSenders(SendersConfig s) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, dns, delivery, spool, http,
        abuse, bounce, s, reputation);
  }

  public OutpostConfig withRelay(RelayConfig r) {
    return new OutpostConfig(server, listeners, smtp, tls, r, routes, dns, delivery, spool, http,
        abuse, bounce, senders, reputation);
  }

  public OutpostConfig withReputation(ReputationConfig r) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, dns, delivery, spool, http,
        abuse, bounce, senders,
        r);
  }
}
