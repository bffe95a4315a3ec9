package dev.outpost.delivery;

import dev.outpost.config.HostPort;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMTP client connection, ready for mail once {@link #open} returns: greeted, EHLO done, and
 * encrypted when the server offers STARTTLS (or refused when the TLS policy requires it and it
 * cannot be had). {@link #deliver} sends messages over it one after
 * another; {@link #close} says QUIT.
 *
 * <p>Not thread-safe: one delivery worker owns a connection. I/O is blocking, meant for virtual
 * threads. Writes go through a 64 KiB buffer and are flushed once per pipelined group and once
 * per message body, so a small message costs about two writes and two reads.
 */
public final class SmtpClientConnection implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(SmtpClientConnection.class);
  private static final int READ_BUFFER = 16 * 1024;
  private static final int WRITE_BUFFER = 64 * 1024;
  private static final Duration QUIT_WAIT = Duration.ofSeconds(5);

  private final ClientSettings settings;
  private final String relay;
  private final String localAddress;
  private final ReplyParser parser = new ReplyParser();
  private Socket socket;
  /** Times every read and write, on the plain socket, before and after a TLS upgrade. */
  private final SocketDeadline deadline;
  private LineInput in;
  private DeadlineOutputStream deadlineOut;
  private BufferedOutputStream out;
  private Capabilities capabilities = Capabilities.NONE;
  private boolean tls;
  private boolean usable = true;
  /** A transaction failed midway; the next one starts with RSET. A finished one needs none. */
  private boolean resetPending;
  /** Body blocks, reused for every message on this connection to keep the heap quiet. */
  private final byte[] bodyIn = new byte[MessageTransfer.BLOCK];
  private final byte[] bodyOut = new byte[DotStuffer.maxOutput(MessageTransfer.BLOCK)];
  /** The setup step in progress, for the failure reason when {@link #open} fails. */
  private Phase phase = Phase.GREETING;

  private SmtpClientConnection(ClientSettings settings, Socket socket, String relay) throws IOException {
    this.settings = settings;
    this.socket = socket;
    this.relay = relay;
    this.localAddress = socket.getLocalAddress().getHostAddress();
    this.deadline = new SocketDeadline(socket);
    try {
      socket.setTcpNoDelay(true);
      attachStreams(socket);
    } catch (IOException e) {
      deadline.close();
      throw e;
    }
  }

  /**
   * Connects to {@code target}, trying each of its addresses in turn until one is ready for
   * mail; see {@link #open(ClientSettings, String, InetSocketAddress, InetAddress)}.
   *
   * @throws ConnectionFailedException the last address's failure
   */
  public static SmtpClientConnection open(ClientSettings settings, HostPort target, InetAddress source)
      throws ConnectionFailedException {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(target.host());
    } catch (UnknownHostException e) {
      throw new ConnectionFailedException("4.4.4", "host " + target.host() + " not found", e);
    }
    ConnectionFailedException last = null;
    for (InetAddress address : addresses) {
      try {
        return open(settings, target.host(), new InetSocketAddress(address, target.port()), source);
      } catch (ConnectionFailedException e) {
        last = e;
      }
    }
    throw last;
  }

  /**
   * Connects to one address of {@code host}, reads the greeting, says EHLO (HELO if EHLO gets
   * 5xx) and upgrades to TLS when offered, as {@code settings.tls()} requires.
   *
   * @param host the server's name, for the mail log, TLS SNI and certificate verification
   * @param source local address to bind, or null for the system's choice
   * @throws ConnectionFailedException with a reason fit for the mail log, e.g.
   *     {@code connect to 127.0.0.1[127.0.0.1]:2526 failed: Connection refused}; also for a
   *     source address that cannot be bound (stage BIND), a greeting or EHLO other than 2xx, a
   *     failed TLS handshake, and TLS the policy requires but the server does not offer
   */
  public static SmtpClientConnection open(ClientSettings settings, String host, InetSocketAddress address,
      InetAddress source) throws ConnectionFailedException {
    String relay = relayName(host, address.getAddress(), address.getPort());
    Socket socket = new Socket();
    if (source != null) {
      try {
        socket.bind(new InetSocketAddress(source, 0));
      } catch (IOException e) {
        closeQuietly(socket);
        throw new ConnectionFailedException("4.3.0", "cannot bind source address " + source.getHostAddress()
            + " to connect to " + relay + ": " + reason(e), e, ConnectionFailedException.Stage.BIND, null);
      }
    }
    try {
      socket.connect(address, (int) settings.connectTimeout().toMillis());
    } catch (IOException e) {
      closeQuietly(socket);
      throw new ConnectionFailedException("4.4.1", "connect to " + relay + " failed: " + reason(e), e,
          ConnectionFailedException.Stage.CONNECT, null);
    }
    SmtpClientConnection connection = null;
    try {
      connection = new SmtpClientConnection(settings, socket, relay);
      connection.setUp(host);
      return connection;
    } catch (ConnectionFailedException e) {
      connection.abort();
      throw e;
    } catch (IOException e) {
      if (connection == null) {
        closeQuietly(socket);
        throw new ConnectionFailedException("4.4.2", "cannot use connection to " + relay + ": " + reason(e), e);
      }
      // abort() also takes the connection off the I/O watchdog, which would otherwise keep it.
      connection.abort();
      throw connection.failure(e);
    } catch (RuntimeException e) {
      if (connection != null) connection.abort();
      else closeQuietly(socket);
      throw e;
    }
  }

  public Capabilities capabilities() {
    return capabilities;
  }

  public boolean isTls() {
    return tls;
  }

  /** The remote end as {@code host[ip]:port}, as the mail log writes it. */
  public String relay() {
    return relay;
  }

  /**
   * The local address the connection was made from: the bound source address, or the one the
   * system chose. Events and statistics file deliveries under it.
   */
  public String localAddress() {
    return localAddress;
  }

  /** False once the connection broke or got out of step; then only {@link #close} is useful. */
  public boolean isUsable() {
    return usable;
  }

  /**
   * Sends one message to the given recipients, in as many transactions as
   * {@code recipientsPerTransaction} and 452 replies require. Never throws: a connection
   * failure defers every recipient without a final outcome and marks the connection unusable.
   */
  public DeliveryReport deliver(OutboundMessage message) {
    if (!usable) throw new IllegalStateException("connection to " + relay + " is no longer usable");
    return new MessageTransfer(this, message).run();
  }

  /** Says QUIT when the connection is still in step, then closes it. Never throws. */
  @Override
  public void close() {
    if (usable) {
      try {
        send(List.of(new ClientCommand.Quit()), Phase.QUIT);
        deadline.begin(QUIT_WAIT.compareTo(settings.commandTimeout()) < 0 ? QUIT_WAIT : settings.commandTimeout());
        try {
          in.readLine(ReplyParser.MAX_LINE_LENGTH);
        } finally {
          deadline.end();
        }
      } catch (IOException e) {
        LOG.debug("QUIT to {} failed: {}", relay, e.toString());
      }
    }
    abort();
  }

  /** Closes without QUIT. */
  void abort() {
    usable = false;
    deadline.close();
    closeQuietly(socket);
  }

  ClientSettings settings() {
    return settings;
  }

  void requireReset() {
    resetPending = true;
  }

  /** Whether the next transaction must start with RSET; clears the flag. */
  boolean takeResetPending() {
    boolean pending = resetPending;
    resetPending = false;
    return pending;
  }

  byte[] bodyIn() {
    return bodyIn;
  }

  byte[] bodyOut() {
    return bodyOut;
  }

  /** Writes the commands and flushes once: one pipelined group, or a single command. */
  void send(List<? extends ClientCommand> commands, Phase phase) throws IOException {
    deadlineOut.setTimeout(phase.timeout(settings));
    for (ClientCommand c : commands) out.write(c.bytes());
    out.flush();
  }

  /** Buffered writes for the message body, flushed by the caller; see {@link #flush}. */
  void write(byte[] bytes, int offset, int length, Phase phase) throws IOException {
    deadlineOut.setTimeout(phase.timeout(settings));
    out.write(bytes, offset, length);
  }

  void flush() throws IOException {
    out.flush();
  }

  SmtpReply read(Phase phase) throws IOException {
    deadline.begin(phase.timeout(settings));
    try {
      while (true) {
        SmtpReply reply = parser.accept(in.readLine(ReplyParser.MAX_LINE_LENGTH));
        if (reply != null) return reply;
      }
    } finally {
      deadline.end();
    }
  }

  /** Turns an I/O error in {@code phase} into the reason the recipients are deferred with. */
  ConnectionFailedException failure(IOException e, Phase phase) {
    usable = false;
    if (e instanceof ConnectionFailedException cfe) return cfe;
    String what;
    String dsn = "4.4.2";
    if (e instanceof SocketTimeoutException || deadline.expired()) {
      what = "timeout after " + human(phase.timeout(settings)) + " " + waitingFor(phase);
    } else if (e instanceof MalformedReplyException) {
      what = "protocol error " + waitingFor(phase) + ": " + e.getMessage();
      dsn = "4.5.0";
    } else if (e instanceof EOFException) {
      what = "lost connection " + waitingFor(phase);
    } else if (e instanceof SSLException) {
      what = "TLS failure " + waitingFor(phase) + ": " + reason(e);
      dsn = "4.7.0";
    } else {
      what = "lost connection " + waitingFor(phase) + ": " + reason(e);
    }
    return new ConnectionFailedException(dsn, what, e);
  }

  private ConnectionFailedException failure(IOException e) {
    return failure(e, phase);
  }

  private String waitingFor(Phase phase) {
    return phase == Phase.BODY || phase == Phase.TLS_HANDSHAKE
        ? "with " + relay + " during " + phase.description
        : "with " + relay + " while waiting for " + phase.description;
  }

  private void setUp(String serverName) throws IOException {
    phase = Phase.GREETING;
    SmtpReply greeting = read(Phase.GREETING);
    if (!greeting.isPositive()) {
      close();
      throw new ConnectionFailedException(greeting.dsn(),
          "host " + relay + " refused to talk to me: " + greeting.oneLine(), null,
          ConnectionFailedException.Stage.SESSION, greeting);
    }
    ehlo();
    if (capabilities.startTls()) {
      startTls(serverName);
    } else if (settings.tls().required()) {
      close();
      throw tlsRequired("does not offer STARTTLS");
    }
  }

  private ConnectionFailedException tlsRequired(String why) {
    return new ConnectionFailedException("4.7.10", "TLS is required by policy (" + settings.tls() + ") but "
        + relay + " " + why + "; not sending in clear", null);
  }

  private void ehlo() throws IOException {
    phase = Phase.EHLO;
    send(List.of(new ClientCommand.Ehlo(settings.heloName())), Phase.EHLO);
    SmtpReply reply = read(Phase.EHLO);
    if (reply.isPositive()) {
      capabilities = Capabilities.fromEhlo(reply);
      return;
    }
    if (reply.isPermanent()) {
      phase = Phase.HELO;
      send(List.of(new ClientCommand.Helo(settings.heloName())), Phase.HELO);
      reply = read(Phase.HELO);
      if (reply.isPositive()) {
        capabilities = Capabilities.NONE;
        return;
      }
    }
    close();
    throw new ConnectionFailedException(reply.dsn(), "host " + relay + " refused EHLO and HELO: " + reply.oneLine(),
        null, ConnectionFailedException.Stage.SESSION, reply);
  }

  /**
   * Upgrades to TLS. Anything the server sent after its 220 and before the handshake is
   * discarded unread: such bytes were written in plain text and could be an attacker's injected
   * replies (CVE-2011-0411 class), so nothing read before the handshake may count after it.
   * The capabilities are forgotten and asked again, as RFC 3207 4.2 requires.
   */
  private void startTls(String serverName) throws IOException {
    phase = Phase.STARTTLS;
    send(List.of(new ClientCommand.StartTls()), Phase.STARTTLS);
    SmtpReply reply = read(Phase.STARTTLS);
    if (!reply.isPositive()) {
      if (settings.tls().required()) {
        close();
        throw tlsRequired("answered STARTTLS with " + reply.oneLine());
      }
      LOG.info("{} offered STARTTLS but answered {}; continuing without TLS", relay, reply.oneLine());
      return;
    }
    int discarded = in.buffered();
    if (discarded > 0) {
      LOG.warn("discarded {} bytes that {} sent before the TLS handshake", discarded, relay);
    }
    phase = Phase.TLS_HANDSHAKE;
    SSLSocket ssl = (SSLSocket) settings.tls().socketFactory()
        .createSocket(socket, serverName, socket.getPort(), true);
    settings.tls().configure(ssl);
    ssl.setUseClientMode(true);
    socket = ssl;
    attachStreams(ssl);
    deadline.begin(settings.commandTimeout());
    try {
      ssl.startHandshake();
    } finally {
      deadline.end();
    }
    tls = true;
    capabilities = Capabilities.NONE;
    ehlo();
  }

  private void attachStreams(Socket s) throws IOException {
    InputStream raw = s.getInputStream();
    in = new LineInput(raw, READ_BUFFER);
    deadlineOut = new DeadlineOutputStream(deadline, s.getOutputStream(), settings.commandTimeout());
    out = new BufferedOutputStream(deadlineOut, WRITE_BUFFER);
  }

  static String relayName(String host, InetAddress address, int port) {
    String ip = address.getHostAddress();
    return host + "[" + ip + "]:" + port;
  }

  static String reason(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  static String human(Duration d) {
    if (d.toMillis() % 1000 != 0) return d.toMillis() + "ms";
    long s = d.toSeconds();
    if (s % 60 != 0 || s < 60) return s + "s";
    return s / 60 + "min";
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Nothing more can be done with a socket that fails to close.
    }
  }
}
