package dev.outpost.config;

/** How a listener offers TLS. */
public enum TlsMode {
  NONE,
  STARTTLS,
  IMPLICIT
}
