package dev.outpost.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The server side of TLS for STARTTLS and implicit-TLS listeners: an {@link SSLContext} holding
 * the configured certificate (or the self-signed one) and the protocol versions and cipher
 * suites every server socket gets. Only TLS 1.3 and 1.2 are offered, and with 1.2 only ECDHE key
 * exchange with AEAD ciphers, which every maintained mail client and MTA supports.
 */
public final class ServerTls {
  /** In order of preference. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private static final List<String> PREFERRED_CIPHER_SUITES = List.of(
      "TLS_AES_128_GCM_SHA256",
      "TLS_AES_256_GCM_SHA384",
      "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private final SSLContext context;
  private final CertifiedKey certifiedKey;
  private final List<String> cipherSuites;

  private ServerTls(SSLContext context, CertifiedKey certifiedKey) {
    this.context = context;
    this.certifiedKey = certifiedKey;
    Set<String> supported = Set.of(context.getSupportedSSLParameters().getCipherSuites());
    this.cipherSuites = PREFERRED_CIPHER_SUITES.stream().filter(supported::contains).toList();
  }

  /** From a PEM certificate chain (leaf first) and its unencrypted private key. */
  public static ServerTls fromPem(Path certificate, Path key) throws IOException {
    return of(PemFiles.read(certificate, key));
  }

  /** From the self-signed certificate for {@code hostname} under {@code dataDir}, made if missing. */
  public static ServerTls selfSigned(Path dataDir, String hostname, Clock clock) throws IOException {
    return of(SelfSignedCertificate.loadOrCreate(dataDir, hostname, clock));
  }

  static ServerTls of(CertifiedKey certifiedKey) throws IOException {
    try {
      char[] password = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("outpost", certifiedKey.key(), password,
          certifiedKey.chain().toArray(X509Certificate[]::new));
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      List<String> protocols = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
      if (!protocols.containsAll(PROTOCOLS)) {
        throw new IOException("this Java runtime does not support " + PROTOCOLS + "; it offers " + protocols);
      }
      return new ServerTls(context, certifiedKey);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  public SSLContext context() {
    return context;
  }

  /** The server's certificate (the leaf of the chain). */
  public X509Certificate certificate() {
    return certifiedKey.leaf();
  }

  public List<X509Certificate> chain() {
    return certifiedKey.chain();
  }

  public List<String> protocols() {
    return PROTOCOLS;
  }

  public List<String> cipherSuites() {
    return cipherSuites;
  }

  /** Parameters to apply to every server socket; a fresh copy each time, since they are mutable. */
  public SSLParameters parameters() {
    SSLParameters p = context.getDefaultSSLParameters();
    p.setProtocols(PROTOCOLS.toArray(String[]::new));
    p.setCipherSuites(cipherSuites.toArray(String[]::new));
    p.setUseCipherSuitesOrder(true);
    return p;
  }

  /**
   * Layers server-mode TLS over a connected socket, for STARTTLS after its 220 reply or for an
   * implicit-TLS listener right after accept. The handshake runs on first read or write, or on
   * {@link SSLSocket#startHandshake()}; closing the returned socket closes {@code plain}.
   */
  public SSLSocket upgrade(Socket plain) throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory()
        .createSocket(plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
    socket.setUseClientMode(false);
    socket.setSSLParameters(parameters());
    return socket;
  }
}
