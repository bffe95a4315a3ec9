package dev.outpost.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Opens N SMTP connections to a running server, each greeted and past EHLO, and holds them idle
 * until its standard input closes (or a line arrives), so that a script can read the server's
 * memory meanwhile. Connections come from 127.0.0.1, 127.0.0.2, … in turn ({@code sources} of
 * them), which spreads them over more ephemeral ports. At most 200 handshakes run at once, so the
 * server's accept backlog is not what is measured. Prints "held N" once all are open, and at the
 * end whether every connection was still open. Not a test: bench/idle-connections runs it.
 *
 * <pre>java -cp target/test-classes dev.outpost.bench.IdleConnections HOST:PORT N [SOURCES]</pre>
 */
public final class IdleConnections {
  private IdleConnections() {}

  public static void main(String[] args) throws Exception {
    String[] hostPort = args[0].split(":");
    InetSocketAddress server = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
    int count = Integer.parseInt(args[1]);
    int sources = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Semaphore handshakes = new Semaphore(200);
    List<Socket> held = new ArrayList<>(count);
    long start = System.nanoTime();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Socket>> opening = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        InetAddress source = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + i % sources)});
        opening.add(pool.submit(() -> {
          handshakes.acquire();
          try {
            return open(server, source);
          } finally {
            handshakes.release();
          }
        }));
      }
      for (Future<Socket> f : opening) held.add(f.get());
    }
    System.out.printf("held %d connections after EHLO (opened in %.1f s)%n", held.size(),
        (System.nanoTime() - start) / 1e9);
    System.out.flush();
    System.in.read();
    int open = 0;
    for (Socket s : held) {
      if (stillOpen(s)) open++;
      s.close();
    }
    System.out.printf("%d of %d connections were still open at the end%n", open, held.size());
  }

  private static Socket open(InetSocketAddress server, InetAddress source) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(source, 0));
    socket.connect(server, 60_000);
    socket.setSoTimeout(60_000);
    InputStream in = new BufferedInputStream(socket.getInputStream(), 1024);
    OutputStream out = socket.getOutputStream();
    DotLatency.expect(in, 220);
    out.write("EHLO idle.bench.test\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    DotLatency.expect(in, 250);
    return socket;
  }

  /** A NOOP answered with 250 says the server still serves the connection. */
  private static boolean stillOpen(Socket s) {
    try {
      s.getOutputStream().write("NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      DotLatency.expect(new BufferedInputStream(s.getInputStream(), 256), 250);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
