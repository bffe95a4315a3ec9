package dev.outpost.config;

import java.net.URI;

/**
 * {@code [http]}: the HTTP API, health, metrics and the one-click unsubscribe page.
 *
 * @param enabled serve HTTP at all
 * @param address where to listen
 * @param tls serve HTTPS with the certificate of {@code [tls]} (or the self-signed one)
 * @param maxBody the largest request body accepted, such as one message with its attachments
 * @param publicUrl the base of links that Outpost puts into mail (unsubscribe, tracking), as
 *     recipients reach this server; null means the listening address
 */
public record HttpConfig(boolean enabled, HostPort address, boolean tls, long maxBody, URI publicUrl) {

  public static HttpConfig defaults() {
    return new HttpConfig(true, HostPort.parse("127.0.0.1:8025"), false, 64L * 1024 * 1024, null);
  }

  public HttpConfig withAddress(HostPort value) {
    return new HttpConfig(enabled, value, tls, maxBody, publicUrl);
  }

  public HttpConfig withEnabled(boolean value) {
    return new HttpConfig(value, address, tls, maxBody, publicUrl);
  }

  public HttpConfig withPublicUrl(URI value) {
    return new HttpConfig(enabled, address, tls, maxBody, value);
  }

  /** The base for links in mail, without a trailing slash. */
  public String linkBase() {
    String base = publicUrl != null ? publicUrl.toString()
        : (tls ? "https://" : "http://") + address.host() + ":" + address.port();
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }
}
