package dev.outpost.config;

/** {@code [http]}: address of the HTTP API and dashboard (served from a later release on). */
public record HttpConfig(HostPort address) {

  public static HttpConfig defaults() {
    return new HttpConfig(HostPort.parse("127.0.0.1:8025"));
  }
}
