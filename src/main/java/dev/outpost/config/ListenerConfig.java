package dev.outpost.config;

/** {@code [[listener]]}: one SMTP port. */
public record ListenerConfig(String name, HostPort address, TlsMode tls, AuthMode auth) {}
