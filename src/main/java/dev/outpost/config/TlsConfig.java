package dev.outpost.config;

import java.nio.file.Path;

/**
 * {@code [tls]}: the server certificate. When both paths are null, a self-signed certificate is
 * generated into the data directory on first start and reused afterwards.
 */
public record TlsConfig(Path certificate, Path privateKey) {

  public static TlsConfig selfSigned() {
    return new TlsConfig(null, null);
  }

  public boolean isSelfSigned() {
    return certificate == null;
  }
}
