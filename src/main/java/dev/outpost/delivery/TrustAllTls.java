package dev.outpost.delivery;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS context for opportunistic STARTTLS: encrypt when offered, accept any certificate.
 * Like Postfix's {@code smtp_tls_security_level = may}, this protects against passive
 * eavesdropping only; an unverified certificate is still better than plain text, and refusing it
 * would make mail to most MX hosts fall back to plain text anyway.
 */
final class TrustAllTls {
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
  private static final SSLSocketFactory FACTORY = create();

  private TrustAllTls() {}

  static SSLSocketFactory socketFactory() {
    return FACTORY;
  }

  private static SSLSocketFactory create() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new AcceptAny()}, null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no TLS implementation", e);
    }
  }

  private static final class AcceptAny extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
