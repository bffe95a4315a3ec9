package dev.outpost.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * {@code GET /metrics}: every meter of the running server in the Prometheus text format, version
 * 0.0.4 (see {@code docs/metrics.md}).
 *
 * <p>A scraper on a trusted network ({@code [relay] trusted_networks}, loopback by default) needs
 * no key. Anyone else needs an admin API key: the HTTP address may face the internet for the
 * unsubscribe pages, and the figures tell mail volumes and the providers mail goes to.
 */
public final class MetricsEndpoint implements ApiService {
  /** What {@link PrometheusMeterRegistry#scrape()} writes. */
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final ApiAuthentication auth;
  private final Predicate<InetAddress> trusted;

  public MetricsEndpoint(PrometheusMeterRegistry registry, ApiAuthentication auth, Predicate<InetAddress> trusted) {
    this.registry = registry;
    this.auth = auth;
    this.trusted = trusted;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/metrics", this::scrape);
  }

  private void scrape(ServerRequest req, ServerResponse res) {
    if (!(req.remotePeer().address() instanceof InetSocketAddress peer) || !trusted.test(peer.getAddress())) {
      auth.caller(req).requireAdmin();
    }
    res.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE);
    res.send(registry.scrape().getBytes(StandardCharsets.UTF_8));
  }

  /** Not part of the JSON API, so not in its OpenAPI document. */
  @Override
  public String openApiFragment() {
    return null;
  }
}
