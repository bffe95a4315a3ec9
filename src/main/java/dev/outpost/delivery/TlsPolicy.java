package dev.outpost.delivery;

import dev.outpost.config.TlsPolicyConfig;
import dev.outpost.config.TlsPolicyLevel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS a destination gets: {@link TlsPolicyLevel#OPPORTUNISTIC} (STARTTLS when offered, any
 * certificate, clear text otherwise), {@link TlsPolicyLevel#REQUIRE} (STARTTLS must work, any
 * certificate) or {@link TlsPolicyLevel#VERIFY} (STARTTLS with the chain checked against the
 * JDK's trust store or a CA file, and the MX host name against the certificate). Under
 * require and verify, a failure defers the mail: nothing is ever sent in clear.
 *
 * <p>Immutable; the verifying context is built once, when the policy is made.
 */
public final class TlsPolicy {
  public static final TlsPolicy OPPORTUNISTIC = new TlsPolicy(TlsPolicyLevel.OPPORTUNISTIC, null, null);
  public static final TlsPolicy REQUIRE = new TlsPolicy(TlsPolicyLevel.REQUIRE, null, null);

  private final TlsPolicyLevel level;
  private final SSLSocketFactory verifying;
  private final Path caFile;

  private TlsPolicy(TlsPolicyLevel level, SSLSocketFactory verifying, Path caFile) {
    this.level = level;
    this.verifying = verifying;
    this.caFile = caFile;
  }

  public static TlsPolicy of(TlsPolicyConfig config) {
    return of(config.level(), config.caFile());
  }

  /**
   * @param caFile PEM certificates to trust under verify, or null for the JDK's trust store
   * @throws IllegalArgumentException when the CA file cannot be read or holds no certificate
   */
  public static TlsPolicy of(TlsPolicyLevel level, Path caFile) {
    return switch (level) {
      case OPPORTUNISTIC -> OPPORTUNISTIC;
      case REQUIRE -> REQUIRE;
      case VERIFY -> new TlsPolicy(level, verifyingFactory(caFile), caFile);
    };
  }

  public TlsPolicyLevel level() {
    return level;
  }

  /** Whether a missing or failed STARTTLS must defer the mail instead of going on in clear. */
  public boolean required() {
    return level != TlsPolicyLevel.OPPORTUNISTIC;
  }

  SSLSocketFactory socketFactory() {
    return level == TlsPolicyLevel.VERIFY ? verifying : TrustAllTls.socketFactory();
  }

  /** Under verify, the handshake checks the certificate against {@code host} (RFC 6125 rules). */
  void configure(SSLSocket socket) {
    socket.setEnabledProtocols(TrustAllTls.PROTOCOLS);
    if (level == TlsPolicyLevel.VERIFY) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
    }
  }

  private static SSLSocketFactory verifyingFactory(Path caFile) {
    try {
      KeyStore trusted = null;
      if (caFile != null) {
        trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(caFile)) {
          certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) throw new IllegalArgumentException(caFile + " holds no PEM certificate");
        int n = 0;
        for (Certificate c : certificates) trusted.setCertificateEntry("ca" + n++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read the CA file " + caFile + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return level.name().toLowerCase(java.util.Locale.ROOT) + (caFile == null ? "" : " (CA file " + caFile + ")");
  }
}
