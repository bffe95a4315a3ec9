package dev.outpost.config;

/** How much TLS outbound delivery insists on. */
public enum TlsPolicyLevel {
  /** Use STARTTLS when offered, accept any certificate, send in clear otherwise. */
  OPPORTUNISTIC,
  /** STARTTLS must succeed (any certificate); otherwise defer, never send in clear. */
  REQUIRE,
  /** STARTTLS with a certificate chain and host name verified; otherwise defer. */
  VERIFY
}
