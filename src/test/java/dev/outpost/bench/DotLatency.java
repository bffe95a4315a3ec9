package dev.outpost.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load generator for the latency of acknowledgement: C concurrent SMTP connections to a running
 * server, each sending messages back to back with MAIL, RCPT and DATA pipelined in one write. For
 * every message it times the final dot: the body goes out first, then the clock starts, ".\r\n"
 * is written, and the clock stops when the reply line arrives. That span is what the server needs
 * to make the message durable (spool write and fsync) and answer. The first {@code warmup}
 * messages are not counted. Prints p50, p99, p99.9 and max, and the rate. Not a test: run it by
 * hand, or through bench/latency, which starts the server.
 *
 * <pre>java -cp target/test-classes dev.outpost.bench.DotLatency HOST:PORT CONNECTIONS MESSAGES [SIZE] [WARMUP]</pre>
 */
public final class DotLatency {
  private DotLatency() {}

  public static void main(String[] args) throws Exception {
    String[] hostPort = args[0].split(":");
    InetSocketAddress server = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
    int connections = Integer.parseInt(args[1]);
    int messages = Integer.parseInt(args[2]);
    int size = args.length > 3 ? Integer.parseInt(args[3]) : 5000;
    int warmup = args.length > 4 ? Integer.parseInt(args[4]) : messages / 10;
    byte[] body = body(size);
    AtomicInteger next = new AtomicInteger();
    List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    long[] measuredStart = {0};
    List<Thread> clients = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < connections; c++) {
      clients.add(Thread.ofVirtual().start(() -> {
        try {
          samples.add(client(server, body, next, messages, warmup, measuredStart));
        } catch (Throwable e) {
          failures.add(e);
        }
      }));
    }
    for (Thread t : clients) t.join();
    long end = System.nanoTime();
    if (!failures.isEmpty()) {
      throw new IllegalStateException(failures.size() + " connection(s) failed; the first: " + failures.get(0),
          failures.get(0));
    }
    long[] all = samples.stream().flatMapToLong(Arrays::stream).filter(n -> n >= 0).sorted().toArray();
    if (all.length == 0) {
      System.out.printf("C=%d: %d warm-up messages, none timed%n", connections, warmup);
      return;
    }
    double seconds = (end - Math.max(start, measuredStart[0])) / 1e9;
    System.out.printf("C=%d: %d messages of %d bytes timed (after %d warm-up) at %.0f msg/s;"
            + " dot to 250: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
        connections, all.length, size, warmup, all.length / seconds, ms(all, 0.50), ms(all, 0.99), ms(all, 0.999),
        all[all.length - 1] / 1e6);
  }

  /** Sends messages until the shared count is used up; returns each one's dot-to-250 time, -1 for warm-up. */
  private static long[] client(InetSocketAddress server, byte[] body, AtomicInteger next, int messages, int warmup,
      long[] measuredStart) throws IOException {
    long[] times = new long[1024];
    int count = 0;
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.connect(server, 30_000);
      socket.setSoTimeout(120_000);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
      OutputStream out = socket.getOutputStream();
      expect(in, 220);
      write(out, "EHLO latency.bench.test\r\n");
      expect(in, 250);
      byte[] dot = ".\r\n".getBytes(StandardCharsets.US_ASCII);
      for (int n = next.getAndIncrement(); n < messages; n = next.getAndIncrement()) {
        write(out, "MAIL FROM:<bench@latency.bench.test>\r\nRCPT TO:<r" + n + "@example.com>\r\nDATA\r\n");
        expect(in, 250);
        expect(in, 250);
        expect(in, 354);
        out.write(body);
        out.flush();
        long sent = System.nanoTime();
        out.write(dot);
        out.flush();
        expect(in, 250);
        long took = System.nanoTime() - sent;
        if (n == warmup) measuredStart[0] = sent;
        if (count == times.length) times = Arrays.copyOf(times, count * 2);
        times[count++] = n < warmup ? -1 : took;
      }
      write(out, "QUIT\r\n");
    }
    return Arrays.copyOf(times, count);
  }

  private static byte[] body(int size) {
    StringBuilder s = new StringBuilder("Subject: latency\r\nFrom: <bench@latency.bench.test>\r\n\r\n");
    while (s.length() < size) s.append("x".repeat(76)).append("\r\n");
    return s.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads one reply (all its lines) and fails unless it has {@code code}. */
  static void expect(InputStream in, int code) throws IOException {
    while (true) {
      String line = readLine(in);
      if (line.length() < 3 || Integer.parseInt(line.substring(0, 3)) != code) {
        throw new IOException("expected " + code + ", got: " + line);
      }
      if (line.length() == 3 || line.charAt(3) == ' ') return;
    }
  }

  static String readLine(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) throw new IOException("connection closed after: " + s);
      if (b != '\r') s.append((char) b);
    }
    return s.toString();
  }

  private static double ms(long[] sorted, double quantile) {
    int i = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }
}
