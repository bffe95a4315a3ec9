package dev.outpost.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real handshakes over loopback: a client that trusts the self-signed certificate, and one that speaks TLS 1.1. */
class TlsHandshakeTest {
  @TempDir Path dataDir;
  private ServerTls tls;
  private ServerSocket listener;

  @BeforeEach
  void listen() throws IOException {
    tls = ServerTls.selfSigned(dataDir, "mta.test", Clock.systemUTC());
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  @Test
  void negotiatesTls13WithAClientThatTrustsTheCertificate() throws Exception {
    CompletableFuture<String> server = serveOneHandshake();

    try (SSLSocket client = client(null)) {
      client.startHandshake();
      assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.3");
      assertThat(client.getSession().getPeerCertificates()[0]).isEqualTo(tls.certificate());
    }
    assertThat(server.get(10, TimeUnit.SECONDS)).isEqualTo("TLSv1.3");
  }

  @Test
  void negotiatesTls12WithAClientThatOffersNothingNewer() throws Exception {
    CompletableFuture<String> server = serveOneHandshake();

    try (SSLSocket client = client("TLSv1.2")) {
      client.startHandshake();
      assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.2");
    }
    assertThat(server.get(10, TimeUnit.SECONDS)).isEqualTo("TLSv1.2");
  }

  @Test
  void refusesAClientThatOffersTls11() throws Exception {
    // The JDK's own client will not even send TLS 1.1 any more, so this client hello is built by hand.
    CompletableFuture<String> server = serveOneHandshake();

    try (Socket client = new Socket(listener.getInetAddress(), listener.getLocalPort())) {
      client.setSoTimeout(10_000);
      OutputStream out = client.getOutputStream();
      out.write(tls11ClientHello());
      out.flush();
      byte[] alert = new byte[7];
      new DataInputStream(client.getInputStream()).readFully(alert);
      assertThat(alert[0]).as("record type: alert").isEqualTo((byte) 21);
      assertThat(alert[5]).as("alert level: fatal").isEqualTo((byte) 2);
      assertThat(alert[6]).as("alert: protocol_version").isEqualTo((byte) 70);
    }
    assertThat(server.get(10, TimeUnit.SECONDS)).startsWith("refused: ");
  }

  /** Accepts one connection, runs the server handshake and yields the protocol or why it failed. */
  private CompletableFuture<String> serveOneHandshake() {
    return CompletableFuture.supplyAsync(() -> {
      try (ServerSocket s = listener; Socket accepted = s.accept(); SSLSocket socket = tls.upgrade(accepted)) {
        socket.startHandshake();
        return socket.getSession().getProtocol();
      } catch (SSLHandshakeException e) {
        return "refused: " + e.getMessage();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }, runnable -> Thread.ofVirtual().start(runnable));
  }

  private SSLSocket client(String onlyProtocol) throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("outpost", tls.certificate());
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    Socket plain = new Socket(listener.getInetAddress(), listener.getLocalPort());
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "mta.test", plain.getPort(), true);
    SSLParameters p = socket.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    p.setServerNames(java.util.List.of(new SNIHostName("mta.test")));
    if (onlyProtocol != null) p.setProtocols(new String[] {onlyProtocol});
    socket.setSSLParameters(p);
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static byte[] tls11ClientHello() {
    byte[] random = new byte[32];
    ByteBuffer body = ByteBuffer.allocate(43)
        .put((byte) 3).put((byte) 2)          // client_version TLS 1.1
        .put(random)
        .put((byte) 0)                         // no session id
        .putShort((short) 4).putShort((short) 0xc013).putShort((short) 0x002f)
        .put((byte) 1).put((byte) 0);          // null compression only
    ByteBuffer record = ByteBuffer.allocate(5 + 4 + 43)
        .put((byte) 22).put((byte) 3).put((byte) 2).putShort((short) (4 + 43))
        .put((byte) 1).put((byte) 0).putShort((short) 43)
        .put(body.array());
    return record.array();
  }
}
