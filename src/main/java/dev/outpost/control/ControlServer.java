package dev.outpost.control;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control socket of a running server: {@code <data_dir>/control.sock}, a Unix domain socket
 * that only the server's own user may use (mode 0600). One virtual thread accepts, and one per
 * client reads request lines and writes responses until the client closes.
 *
 * <p>The socket is bound under a temporary name, restricted to 0600 and then renamed into place,
 * so there is no moment at which another user could connect. A socket file left by a server that
 * died is replaced; one that still answers means another server uses this data directory, and the
 * start fails.
 */
public final class ControlServer implements AutoCloseable {
  public static final String SOCKET_NAME = "control.sock";
  private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

  private final Path socket;
  private final ServerSocketChannel channel;
  private final ControlHandler handler;
  private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  private ControlServer(Path socket, ServerSocketChannel channel, ControlHandler handler) {
    this.socket = socket;
    this.channel = channel;
    this.handler = handler;
    this.acceptor = Thread.ofVirtual().name("outpost-control-accept").unstarted(this::acceptLoop);
  }

  /** Where the control socket of the server with this data directory is. */
  public static Path socketPath(Path dataDir) {
    return dataDir.resolve(SOCKET_NAME);
  }

  /** Binds {@code <dataDir>/control.sock} and starts answering. */
  public static ControlServer start(Path dataDir, ControlHandler handler) throws IOException {
    Path socket = socketPath(dataDir).toAbsolutePath();
    replaceIfStale(socket);
    Path staged = socket.resolveSibling(SOCKET_NAME + ".new");
    Files.deleteIfExists(staged);
    ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.bind(UnixDomainSocketAddress.of(staged));
      Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-------"));
      Files.move(staged, socket, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      channel.close();
      Files.deleteIfExists(staged);
      throw new IOException("cannot open the control socket " + socket + ": " + e.getMessage(), e);
    }
    ControlServer server = new ControlServer(socket, channel, handler);
    server.acceptor.start();
    return server;
  }

  public Path socket() {
    return socket;
  }

  private static void replaceIfStale(Path socket) throws IOException {
    if (!Files.exists(socket)) return;
    boolean answers;
    try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      answers = true;
    } catch (IOException refused) {
      answers = false;
    }
    if (answers) throw new IOException("another Outpost is running with this data directory: " + socket + " answers");
    Files.deleteIfExists(socket);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        SocketChannel client = channel.accept();
        clients.add(client);
        Thread.ofVirtual().name("outpost-control").start(() -> serve(client));
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!closed) LOG.warn("control socket accept failed: {}", e.toString());
      }
    }
  }

  /** Invariant: the client is removed from {@link #clients} and closed however this ends. */
  private void serve(SocketChannel client) {
    try (client;
        var in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
        var out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(client), StandardCharsets.UTF_8))) {
      String line;
      while ((line = readLine(in)) != null) {
        respond(line, out);
        out.flush();
      }
    } catch (IOException e) {
      if (!closed) LOG.debug("control client ended: {}", e.toString());
    } finally {
      clients.remove(client);
    }
  }

  private void respond(String line, Writer out) throws IOException {
    ControlResponse response;
    try {
      response = handler.handle(ControlRequest.parse(line));
    } catch (ControlProtocolException e) {
      response = new ControlResponse.Error(e.getMessage());
    }
    if (response instanceof ControlResponse.Ok ok) {
      for (ControlRecord r : ok.records()) out.write(r.encode() + "\n");
    }
    out.write(response.statusLine() + "\n");
  }

  /** One line, or null at the end; a line longer than the protocol allows ends the connection. */
  private static String readLine(BufferedReader in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') return line.toString();
      if (c != '\r') line.append((char) c);
      if (line.length() > ControlRequest.MAX_LINE) throw new IOException("request line too long");
    }
    return line.isEmpty() ? null : line.toString();
  }

  /** Stops answering, ends every client connection and removes the socket file. */
  @Override
  public void close() {
    closed = true;
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("closing the control socket: {}", e.toString());
    }
    for (SocketChannel client : clients) {
      try {
        client.close();
      } catch (IOException ignored) {
        // Closing is all that is left to do with it.
      }
    }
    try {
      acceptor.join();
      Files.deleteIfExists(socket);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", socket, e.toString());
    }
  }
}
