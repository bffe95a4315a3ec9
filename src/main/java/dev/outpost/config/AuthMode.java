package dev.outpost.config;

/**
 * Whether a listener asks for SMTP AUTH. With {@code REQUIRED}, clients outside the trusted
 * networks must authenticate before MAIL; with the others, they may only send to local domains.
 */
public enum AuthMode {
  REQUIRED,
  OPTIONAL,
  NONE
}
