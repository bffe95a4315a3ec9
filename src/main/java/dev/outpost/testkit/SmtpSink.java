package dev.outpost.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A receiving SMTP server for tests: listens on 127.0.0.1 (or another loopback address), serves each connection on a virtual
 * thread, and records every message it accepts. What it answers is scripted by a
 * {@link SinkBehaviour}, which a test may swap while the sink runs.
 *
 * <pre>{@code
 * try (SmtpSink sink = SmtpSink.start()) {
 *   ... send mail to 127.0.0.1:sink.port() ...
 *   List<ReceivedMessage> got = sink.awaitMessages(3, Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class SmtpSink implements AutoCloseable {
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Set<Thread> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final List<ReceivedMessage> messages = new ArrayList<>();
  private final List<String> commands = new ArrayList<>();
  private volatile SinkBehaviour behaviour;
  private volatile SSLContext tls;
  private volatile boolean closed;

  private SmtpSink(ServerSocket server, SinkBehaviour behaviour) {
    this.server = server;
    this.behaviour = behaviour;
  }

  /** A sink that accepts everything, on an ephemeral port. */
  public static SmtpSink start() throws IOException {
    return start(SinkBehaviour.accepting());
  }

  public static SmtpSink start(SinkBehaviour behaviour) throws IOException {
    return start(0, behaviour);
  }

  /** Listens on 127.0.0.1:{@code port}; 0 picks a free port. */
  public static SmtpSink start(int port, SinkBehaviour behaviour) throws IOException {
    return start(InetAddress.getLoopbackAddress(), port, behaviour);
  }

  /**
   * Listens on {@code address:port}. Any 127.x.y.z address works on Linux, which routes all of
   * 127/8 to the loopback interface, so several sinks can stand in for several MX hosts on one
   * port, as {@code [delivery] port} requires.
   */
  public static SmtpSink start(InetAddress address, int port, SinkBehaviour behaviour) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(address, port), 200);
    SmtpSink sink = new SmtpSink(server, Objects.requireNonNull(behaviour));
    Thread.ofPlatform().daemon().name("smtp-sink-accept-" + server.getLocalPort()).start(sink::acceptLoop);
    return sink;
  }

  public int port() {
    return server.getLocalPort();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(server.getInetAddress(), port());
  }

  /** Replaces the behaviour; it applies from the next command on every connection. */
  public void behave(SinkBehaviour newBehaviour) {
    behaviour = Objects.requireNonNull(newBehaviour);
  }

  SinkBehaviour behaviour() {
    return behaviour;
  }

  /** The most connections that were open at the same time. */
  public int peakConnections() {
    return peak.get();
  }

  /**
   * Presents a fresh self-signed certificate for {@code hostname} to STARTTLS from now on, and
   * returns it, so that a test can trust it (a CA file) and verify the sink.
   */
  public X509Certificate useCertificateFor(String hostname) {
    SelfSignedTls.Identity identity = SelfSignedTls.identity(hostname);
    synchronized (this) {
      tls = identity.context();
    }
    return identity.certificate();
  }

  /** Connections accepted so far. */
  public int connectionCount() {
    return connections.get();
  }

  public List<ReceivedMessage> messages() {
    synchronized (messages) {
      return List.copyOf(messages);
    }
  }

  /** Every command line received so far, on all connections, in arrival order. */
  public List<String> commands() {
    synchronized (commands) {
      return List.copyOf(commands);
    }
  }

  /**
   * Waits until at least {@code n} messages have arrived and returns all received so far.
   *
   * @throws IllegalStateException when fewer arrived within the timeout
   */
  public List<ReceivedMessage> awaitMessages(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (messages) {
      while (messages.size() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("expected " + n + " messages within " + timeout + ", got "
              + messages.size());
        }
        messages.wait(Math.max(1, left / 1_000_000));
      }
      return List.copyOf(messages);
    }
  }

  /** Stops listening and closes every connection, waking stalled sessions. */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // The listener is going away either way.
    }
    for (Socket s : open) closeQuietly(s);
    for (Thread t : sessions) t.interrupt();
  }

  boolean isClosed() {
    return closed;
  }

  SSLContext tlsContext() {
    SSLContext context = tls;
    if (context == null) {
      synchronized (this) {
        if (tls == null) tls = SelfSignedTls.serverContext("sink.localhost");
        context = tls;
      }
    }
    return context;
  }

  void record(ReceivedMessage message) {
    synchronized (messages) {
      messages.add(message);
      messages.notifyAll();
    }
  }

  void recordCommand(String line) {
    synchronized (commands) {
      commands.add(line);
    }
  }

  void forget(Socket socket) {
    open.remove(socket);
  }

  void track(Socket socket) {
    open.add(socket);
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (SocketException e) {
        return;
      } catch (IOException e) {
        continue;
      }
      int number = connections.incrementAndGet();
      open.add(socket);
      peak.accumulateAndGet(active.incrementAndGet(), Math::max);
      AtomicBoolean counted = new AtomicBoolean(true);
      Runnable ending = () -> {
        if (counted.getAndSet(false)) active.decrementAndGet();
      };
      Thread.ofVirtual().name("smtp-sink-" + number).start(() -> {
        sessions.add(Thread.currentThread());
        try {
          new SinkSession(this, socket, number, ending).run();
        } finally {
          ending.run();
          sessions.remove(Thread.currentThread());
        }
      });
    }
  }

  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Nothing more to do for a socket that fails to close.
    }
  }
}
