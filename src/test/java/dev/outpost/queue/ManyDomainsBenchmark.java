package dev.outpost.queue;

import dev.outpost.Outpost;
import dev.outpost.config.AuthMode;
import dev.outpost.config.HostPort;
import dev.outpost.config.ListenerConfig;
import dev.outpost.config.OutpostConfig;
import dev.outpost.config.RouteConfig;
import dev.outpost.config.ShapingConfig;
import dev.outpost.shaping.SiteLimits;
import dev.outpost.shaping.SiteProfile;
import dev.outpost.config.TlsMode;
import dev.outpost.testkit.DnsTestServer;
import dev.outpost.testkit.SmtpSink;
import dev.outpost.testkit.TranscriptClient;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * End-to-end relay to many domains behind a local DNS, against the same run to one smarthost:
 * messages are received over {@code connections} pipelining SMTP clients, spread round robin over
 * {@code domains} recipient domains whose MX records (each its own host, so its own site) point at
 * one local sink. Prints messages per second for both runs. Not a test: run it by hand.
 *
 * <pre>java -cp ... dev.outpost.queue.ManyDomainsBenchmark [messages] [domains] [connections] [scratch]</pre>
 */
public final class ManyDomainsBenchmark {
  private static final String BODY = "Subject: bench\r\n\r\n" + "x".repeat(76).concat("\r\n").repeat(64);

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int domains = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int connections = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    Path scratch = Files.createTempDirectory(Path.of(args.length > 3 ? args[3] : "target"), "many-domains");
    try (DnsTestServer dns = DnsTestServer.start(); SmtpSink sink = SmtpSink.start()) {
      for (int i = 0; i < domains; i++) {
        dns.mx("d" + i + ".bench.test", 10, "mx.d" + i + ".bench.test");
        dns.a("mx.d" + i + ".bench.test", "127.0.0.1");
      }
      run("warm-up, smarthost", scratch.resolve("w"), sink, messages / 4, 1, connections,
          c -> c.withRoutes(List.of(new RouteConfig(List.of("*"), "127.0.0.1", sink.port()))));
      run("1 domain, smarthost route", scratch.resolve("a"), sink, messages, 1, connections,
          c -> c.withRoutes(List.of(new RouteConfig(List.of("*"), "127.0.0.1", sink.port()))));
      run(domains + " domains, MX via local DNS", scratch.resolve("b"), sink, messages, domains, connections,
          c -> c.withDns(c.dns().withResolvers(List.of(dns.hostPort())))
              .withDelivery(c.delivery().withPort(sink.port())));
      // Every MX host here is under bench.test, so all the domains are one site, which by default
      // may have 20 connections; the smarthost route had 50. The same 50 for the site:
      run(domains + " domains, site allows 50", scratch.resolve("c"), sink, messages, domains, connections,
          c -> c.withDns(c.dns().withResolvers(List.of(dns.hostPort())))
              .withDelivery(c.delivery().withPort(sink.port()))
              .withShaping(new ShapingConfig(true, c.shaping().profiles().with(List.of(defaultSite(c, 50))))));
    }
  }

  private static SiteProfile defaultSite(OutpostConfig c, int connections) {
    SiteLimits d = c.shaping().profiles().defaults();
    return new SiteProfile("default", List.of(), new SiteLimits(connections, d.messagesPerConnection(), d.rate(),
        d.recipientsPerMessage(), d.suspendFor(), d.recoveryInterval()));
  }

  private static void run(String name, Path dataDir, SmtpSink sink, int messages, int domains, int connections,
      java.util.function.UnaryOperator<OutpostConfig> setup) throws Exception {
    OutpostConfig config = setup.apply(OutpostConfig.defaults()
        .withServer(OutpostConfig.defaults().server().withDataDir(dataDir).withHostname("bench.test"))
        .withListeners(List.of(new ListenerConfig("bench", new HostPort("127.0.0.1", 0), TlsMode.NONE,
            AuthMode.NONE)))
        .withHttp(OutpostConfig.defaults().http().withEnabled(false)));
    int before = sink.messages().size();
    try (Outpost outpost = Outpost.builder().config(config).build()) {
      outpost.start();
      InetSocketAddress address = outpost.listenerAddresses().get("bench");
      AtomicInteger next = new AtomicInteger();
      AtomicInteger acknowledged = new AtomicInteger();
      List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      long start = System.nanoTime();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        clients.add(Thread.ofVirtual().start(() -> {
          try {
            send(address, next, acknowledged, messages, domains);
          } catch (Exception e) {
            failures.add(e);
          }
        }));
      }
      for (Thread t : clients) t.join();
      double accepted = (System.nanoTime() - start) / 1e9;
      if (!failures.isEmpty()) {
        throw new IllegalStateException(failures.size() + " client(s) failed after " + acknowledged.get()
            + " messages were acknowledged; the first: " + failures.get(0), failures.get(0));
      }
      sink.awaitMessages(before + acknowledged.get(), Duration.ofMinutes(10));
      double delivered = (System.nanoTime() - start) / 1e9;
      System.out.printf("%-32s %6d messages: accepted in %.1f s, delivered in %.1f s: %.0f msg/s end to end%n",
          name, messages, accepted, delivered, messages / delivered);
    }
  }

  private static void send(InetSocketAddress address, AtomicInteger next, AtomicInteger acknowledged, int messages,
      int domains) throws Exception {
    try (TranscriptClient c = TranscriptClient.connect(address, Duration.ofSeconds(60))) {
      c.expectCode(220);
      c.send("EHLO client.bench.test").expectCode(250);
      for (int n = next.getAndIncrement(); n < messages; n = next.getAndIncrement()) {
        c.sendRaw("MAIL FROM:<bench@sender.test>\r\nRCPT TO:<r" + n + "@d" + (n % domains) + ".bench.test>\r\nDATA\r\n");
        c.expectCode(250);
        c.expectCode(250);
        c.expectCode(354);
        c.sendRaw(BODY + ".\r\n");
        c.expectCode(250);
        acknowledged.incrementAndGet();
      }
      c.send("QUIT");
    }
  }
}
