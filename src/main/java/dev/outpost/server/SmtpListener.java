package dev.outpost.server;

import dev.outpost.smtp.Replies;
import dev.outpost.smtp.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listening socket. A platform thread accepts connections and hands each to its own virtual
 * thread, as Helidon does; the connection limiter is consulted before a session starts.
 */
public final class SmtpListener {
  private static final Logger LOG = LoggerFactory.getLogger(SmtpListener.class);
  /** Every limit that refuses or ends a client is counted here, one line each. */
  static final Logger LIMITS = LoggerFactory.getLogger("outpost.limits");
  /** How often the watchdog ends reads past their deadline: the slack of every read timeout. */
  static final Duration WATCHDOG_TICK = Duration.ofMillis(100);

  private final ListenerContext context;
  private final ConnectionLimiter limiter;
  private final ServerSocket serverSocket;
  private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
  private final Set<SmtpConnection> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private final Thread watchdog;
  private volatile boolean stopping;
  private volatile boolean closed;

  SmtpListener(ListenerContext context, ConnectionLimiter limiter) throws IOException {
    this.context = context;
    this.limiter = limiter;
    this.serverSocket = new ServerSocket();
    serverSocket.setReuseAddress(true);
    serverSocket.bind(context.listener().address().toSocketAddress(), 1024);
    this.acceptor = Thread.ofPlatform().name("smtp-accept-" + context.listener().name()).unstarted(this::acceptLoop);
    this.watchdog = Thread.ofPlatform().daemon().name("smtp-read-watchdog-" + context.listener().name())
        .unstarted(this::watchReads);
  }

  void start() {
    acceptor.start();
    watchdog.start();
  }

  /** Ends the reads of open connections that are past their deadline (see {@link ReadDeadline}). */
  private void watchReads() {
    while (!closed) {
      long now = System.nanoTime();
      for (SmtpConnection c : open) c.expireReadIfDue(now);
      sleep(WATCHDOG_TICK.toMillis());
    }
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) serverSocket.getLocalSocketAddress();
  }

  public String name() {
    return context.listener().name();
  }

  /**
   * Accept failures other than our own close (for example running out of file descriptors under
   * a connection flood) must not end the loop, or the port would go dead while the process looks
   * healthy; they are logged and retried with a growing pause.
   */
  private void acceptLoop() {
    long pauseMillis = 0;
    while (!serverSocket.isClosed()) {
      Socket socket;
      try {
        socket = serverSocket.accept();
        pauseMillis = 0;
      } catch (IOException e) {
        if (serverSocket.isClosed()) break;
        pauseMillis = Math.min(1000, Math.max(50, pauseMillis * 2));
        LOG.warn("accept on {} failed, pausing {} ms: {}", name(), pauseMillis, e.toString());
        sleep(pauseMillis);
        continue;
      }
      connections.execute(() -> serve(socket));
    }
  }

  /**
   * The connection joins {@code open} before anything else, so a shutdown that starts meanwhile
   * sees it; the limiter slot taken here is released in the finally block, whatever happens.
   */
  private void serve(Socket socket) {
    SmtpConnection connection = new SmtpConnection(context, socket);
    open.add(connection);
    context.meters().connectionOpened();
    try {
      if (stopping) {
        context.meters().refused(Replies.SHUTTING_DOWN);
        refuse(socket, Replies.SHUTTING_DOWN.toBytes());
        return;
      }
      var client = socket.getInetAddress();
      var refusal = limiter.acquire(client, context.relay().isTrusted(client));
      if (refusal != null) {
        context.meters().refused(refusal);
        refuse(socket, refusal);
        return;
      }
      try {
        context.meters().sessionStarted();
        connection.run();
      } finally {
        limiter.release(client);
      }
    } finally {
      open.remove(connection);
      context.meters().connectionClosed();
    }
  }

  private static void refuse(Socket socket, Reply reply) {
    LIMITS.info("refused connection from {}: {}", socket.getInetAddress().getHostAddress(), reply);
    refuse(socket, reply.toBytes());
  }

  private static void refuse(Socket socket, byte[] reply) {
    try (socket; OutputStream out = socket.getOutputStream()) {
      out.write(reply);
    } catch (IOException ignored) {
      // the client left first; nothing to tell it
    }
  }

  /** Stops accepting; connections already open go on until {@link #awaitSessions}. */
  void stopAccepting() {
    stopping = true;
    try {
      serverSocket.close();
    } catch (IOException e) {
      LOG.debug("closing listener {}: {}", name(), e.toString());
    }
  }

  /**
   * Lets messages being received finish within {@code grace}, telling idle clients 421 at once;
   * whatever is still open afterwards is closed. A message cut off this way was never
   * acknowledged, so nothing accepted is lost.
   */
  void awaitSessions(Duration grace) {
    Instant deadline = Instant.now().plus(grace);
    while (!open.isEmpty() && Instant.now().isBefore(deadline)) {
      for (SmtpConnection c : open) {
        if (!c.isInTransaction()) c.closeForShutdown(Replies.SHUTTING_DOWN);
      }
      sleep(50);
    }
    open.forEach(SmtpConnection::close);
    closed = true;
    connections.shutdown();
    try {
      if (!connections.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("listener {}: connection threads still running after close", name());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
