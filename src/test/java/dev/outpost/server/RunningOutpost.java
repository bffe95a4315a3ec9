package dev.outpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.Outpost;
import dev.outpost.config.AuthMode;
import dev.outpost.config.HostPort;
import dev.outpost.config.ListenerConfig;
import dev.outpost.config.OutpostConfig;
import dev.outpost.config.RouteConfig;
import dev.outpost.config.TlsMode;
import dev.outpost.policy.Authenticator;
import dev.outpost.smtp.Replies;
import dev.outpost.smtp.Reply;
import dev.outpost.testkit.SmtpSink;
import dev.outpost.testkit.TranscriptClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real Outpost on loopback with ephemeral ports, relaying everything to a real {@link SmtpSink}:
 * listener "local" (plain, trusted) and "submission" (STARTTLS). Public for the tests of other
 * packages that need a whole server, such as the CLI's queue commands.
 */
public final class RunningOutpost implements AutoCloseable {
  public final SmtpSink sink;
  public final Outpost outpost;

  private RunningOutpost(SmtpSink sink, Outpost outpost) {
    this.sink = sink;
    this.outpost = outpost;
  }

  public static RunningOutpost start(Path dataDir) throws IOException {
    return start(dataDir, c -> c);
  }

  public static RunningOutpost start(Path dataDir, UnaryOperator<OutpostConfig> customise) throws IOException {
    return start(dataDir, customise, null);
  }

  public static RunningOutpost start(Path dataDir, UnaryOperator<OutpostConfig> customise, Authenticator authenticator)
      throws IOException {
    SmtpSink sink = SmtpSink.start();
    OutpostConfig config = OutpostConfig.defaults()
        .withServer(OutpostConfig.defaults().server().withDataDir(dataDir).withHostname("outpost.test"))
        .withListeners(List.of(
            new ListenerConfig("local", new HostPort("127.0.0.1", 0), TlsMode.NONE, AuthMode.NONE),
            new ListenerConfig("submission", new HostPort("127.0.0.1", 0), TlsMode.STARTTLS, AuthMode.OPTIONAL)))
        .withRoutes(List.of(new RouteConfig(List.of("*"), "127.0.0.1", sink.port())))
        .withHttp(OutpostConfig.defaults().http().withAddress(new HostPort("127.0.0.1", 0)));
    Outpost.Builder builder = Outpost.builder().config(customise.apply(config));
    if (authenticator != null) builder.authenticator(authenticator);
    Outpost outpost = builder.build();
    try {
      outpost.start();
    } catch (IOException | RuntimeException e) {
      sink.close();
      throw e;
    }
    return new RunningOutpost(sink, outpost);
  }

  public InetSocketAddress address(String listener) {
    return outpost.listenerAddresses().get(listener);
  }

  /** The base of the HTTP API, such as {@code http://127.0.0.1:41234}. */
  public java.net.URI http() {
    InetSocketAddress address = outpost.httpAddress();
    return java.net.URI.create("http://" + address.getHostString() + ":" + address.getPort());
  }

  public TranscriptClient connect(String listener) throws IOException {
    return TranscriptClient.connect(address(listener));
  }

  /** Connects to the plain local listener and reads the greeting. */
  public TranscriptClient greeted() throws IOException {
    TranscriptClient client = connect("local");
    client.expectCode(220);
    client.send("EHLO client.test").expectCode(250);
    return client;
  }

  /** Connects to the submission listener, turns on TLS with STARTTLS and logs in with AUTH PLAIN. */
  public TranscriptClient authenticated(String user, String password) throws IOException, GeneralSecurityException {
    TranscriptClient c = connect("submission");
    c.expectCode(220);
    c.send("EHLO app.test").expectCode(250);
    c.send("STARTTLS").expectCode(220);
    c.startTls(TrustingClientTls.context());
    c.send("EHLO app.test").expectCode(250);
    String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    c.send("AUTH PLAIN " + plain);
    assertReply(c.read(), Replies.AUTH_SUCCESS);
    return c;
  }

  public static void assertReply(TranscriptClient.Response response, Reply expected) {
    String wire = new String(expected.toBytes(), StandardCharsets.UTF_8);
    assertThat(String.join("\r\n", response.lines()) + "\r\n").isEqualTo(wire);
  }

  @Override
  public void close() {
    outpost.stop();
    sink.close();
  }
}
