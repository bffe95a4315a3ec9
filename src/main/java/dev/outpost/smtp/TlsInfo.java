package dev.outpost.smtp;

/** The negotiated TLS parameters, as shown in the Received header. */
public record TlsInfo(String protocol, String cipherSuite) {}
