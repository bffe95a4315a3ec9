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
    ShapingConfig shaping,
    List<PoolConfig> pools,
    List<TlsPolicyConfig> tlsPolicies,
    ReputationConfig reputation,
    SuppressionConfig suppression,
    EventsConfig events,
    WebhooksConfig webhooks) {

  public OutpostConfig {
    listeners = List.copyOf(listeners);
    routes = List.copyOf(routes);
    pools = List.copyOf(pools);
    tlsPolicies = List.copyOf(tlsPolicies);
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
        ShapingConfig.defaults(),
        List.of(),
        List.of(),
        ReputationConfig.defaults(),
        SuppressionConfig.defaults(),
        EventsConfig.defaults(),
        WebhooksConfig.defaults());
  }

  public OutpostConfig withServer(ServerConfig value) {
    return new OutpostConfig(value, listeners, smtp, tls, relay, routes, dns, delivery, spool, http, abuse,
        bounce, senders, shaping, pools, tlsPolicies, reputation, suppression, events, webhooks);
  }

  public OutpostConfig withListeners(List<ListenerConfig> value) {
    return new OutpostConfig(server, value, smtp, tls, relay, routes, dns, delivery, spool, http, abuse,
        bounce, senders, shaping, pools, tlsPolicies, reputation, suppression, events, webhooks);
  }

  public OutpostConfig withSmtp(SmtpConfig value) {
    return new OutpostConfig(server, listeners, value, tls, relay, routes, dns, delivery, spool, http, abuse,
        bounce, senders, shaping, pools, tlsPolicies, reputation, suppression, events, webhooks);
  }

  public OutpostConfig withRelay(RelayConfig value) {
    return new OutpostConfig(server, listeners, smtp, tls, value, routes, dns, delivery, spool, http, abuse,
        bounce, senders, shaping, pools, tlsPolicies, reputation, suppression, events, webhooks);
  }

  public OutpostConfig withRoutes(List<RouteConfig> value) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, value, dns, delivery, spool, http, abuse,
        bounce, senders, shaping, pools, tlsPolicies, reputation, suppression, events, webhooks);
  }

  public OutpostConfig withDns(DnsConfig value) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, value, delivery, spool, http, abuse,
        bounce, senders, shaping, pools, tlsPolicies, reputation, suppression, events, webhooks);
  }

  public OutpostConfig withDelivery(DeliveryConfig value) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, dns, value, spool, http, abuse,
        bounce, senders, shaping, pools, tlsPolicies, reputation, suppression, events, webhooks);
  }

  public OutpostConfig withSpool(SpoolConfig value) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, dns, delivery, value, http, abuse,
        bounce, senders, shaping, pools, tlsPolicies, reputation, suppression, events, webhooks);
  }

  public OutpostConfig withHttp(HttpConfig value) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, dns, delivery, spool, value, abuse,
        bounce, senders, shaping, pools, tlsPolicies, reputation, suppression, events, webhooks);
  }

  public OutpostConfig withAbuse(AbuseConfig value) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, dns, delivery, spool, http, value,
        bounce, senders, shaping, pools, tlsPolicies, reputation, suppression, events, webhooks);
  }

  public OutpostConfig withBounce(BounceConfig value) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, dns, delivery, spool, http, abuse,
        value, senders, shaping, pools, tlsPolicies, reputation, suppression, events, webhooks);
  }

  public OutpostConfig withSenders(SendersConfig value) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, dns, delivery, spool, http, abuse,
        bounce, value, shaping, pools, tlsPolicies, reputation, suppression, events, webhooks);
  }

  public OutpostConfig withShaping(ShapingConfig value) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, dns, delivery, spool, http, abuse,
        bounce, senders, value, pools, tlsPolicies, reputation, suppression, events, webhooks);
  }

  public OutpostConfig withPools(List<PoolConfig> value) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, dns, delivery, spool, http, abuse,
        bounce, senders, shaping, value, tlsPolicies, reputation, suppression, events, webhooks);
  }

  public OutpostConfig withTlsPolicies(List<TlsPolicyConfig> value) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, dns, delivery, spool, http, abuse,
        bounce, senders, shaping, pools, value, reputation, suppression, events, webhooks);
  }

  public OutpostConfig withReputation(ReputationConfig value) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, dns, delivery, spool, http, abuse,
        bounce, senders, shaping, pools, tlsPolicies, value, suppression, events, webhooks);
  }

  public OutpostConfig withSuppression(SuppressionConfig value) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, dns, delivery, spool, http, abuse,
        bounce, senders, shaping, pools, tlsPolicies, reputation, value, events, webhooks);
  }

  public OutpostConfig withEvents(EventsConfig value) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, dns, delivery, spool, http, abuse,
        bounce, senders, shaping, pools, tlsPolicies, reputation, suppression, value, webhooks);
  }

  public OutpostConfig withWebhooks(WebhooksConfig value) {
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, dns, delivery, spool, http, abuse,
        bounce, senders, shaping, pools, tlsPolicies, reputation, suppression, events, value);
  }
}
