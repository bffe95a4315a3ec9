package dev.outpost.campaigns;

import dev.outpost.Outpost;
import dev.outpost.accounts.AccountAdministration;
import dev.outpost.accounts.AccountLimits;
import dev.outpost.accounts.ApiKeyScope;
import dev.outpost.accounts.PasswordHasher;
import dev.outpost.api.ApiClient;
import dev.outpost.config.AuthMode;
import dev.outpost.config.HostPort;
import dev.outpost.config.ListenerConfig;
import dev.outpost.config.OutpostConfig;
import dev.outpost.config.RouteConfig;
import dev.outpost.config.TlsMode;
import dev.outpost.dkim.DkimAlgorithm;
import dev.outpost.dkim.DkimKeyStore;
import dev.outpost.store.SqliteStateStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Expands one large campaign into an embedded Outpost that relays to Postfix's smtp-sink (a
 * separate process, so that what it receives costs this JVM nothing), and prints how fast the
 * recipients were uploaded and expanded into the spool, and the heap: the peak, and the most that
 * was still in use after a collection. The recipients are generated as the upload streams, so the
 * client holds none of them either. Not a test: run it by hand.
 *
 * <pre>java -cp ... dev.outpost.campaigns.CampaignExpansionBenchmark [recipients] [scratch] [dkim]</pre>
 *
 * With {@code dkim} the sending domain has an RSA-2048 key and every message is signed.
 */
public final class CampaignExpansionBenchmark {
  private static final int UPLOAD = 250_000;
  private static final String TEXT = "Dear {{name}},\n\n" + ("Your code is {{code}}. " + "x".repeat(50) + "\n").repeat(12);
  private static final String HTML = "<html><body><p>Dear {{name}},</p>\n"
      + ("<p>Your code is <b>{{code}}</b>. " + "y".repeat(60) + "</p>\n").repeat(20) + "</body></html>\n";

  public static void main(String[] args) throws Exception {
    long recipients = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    Path scratch = Files.createTempDirectory(Path.of(args.length > 1 ? args[1] : "target"), "campaign-bench");
    boolean dkim = args.length > 2 && args[2].equals("dkim");
    int sinkPort;
    try (ServerSocket free = new ServerSocket(0)) {
      sinkPort = free.getLocalPort();
    }
    Path sinkLog = scratch.resolve("smtp-sink.log");
    List<String> command = new java.util.ArrayList<>(List.of("/usr/sbin/smtp-sink", "-c"));
    // As root it must be told whom to run as, like shared/bench/relay-vs-postfix does.
    if ("root".equals(System.getProperty("user.name"))) command.addAll(List.of("-u", "postfix"));
    command.addAll(List.of("127.0.0.1:" + sinkPort, "1000"));
    Process sink = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(sinkLog.toFile()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(sink::destroy));
    Thread.sleep(300);
    if (!sink.isAlive()) throw new IllegalStateException("smtp-sink did not start: " + Files.readString(sinkLog));
    Path data = scratch.resolve("data");
    if (dkim) new DkimKeyStore(data).generate("bench.test", "s1", DkimAlgorithm.RSA, 2048);
    String key;
    try (SqliteStateStore store = SqliteStateStore.open(data)) {
      var accounts = new AccountAdministration(store, PasswordHasher.production(), new SecureRandom(), Clock.systemUTC());
      accounts.addAccount("bench", null, AccountLimits.UNLIMITED);
      accounts.addDomain("bench", "bench.test", false);
      key = accounts.addApiKey("bench", ApiKeyScope.ACCOUNT).secret();
    }
    OutpostConfig config = OutpostConfig.defaults()
        .withServer(OutpostConfig.defaults().server().withDataDir(data).withHostname("outpost.bench.test"))
        .withListeners(List.of(new ListenerConfig("bench", new HostPort("127.0.0.1", 0), TlsMode.NONE, AuthMode.NONE)))
        .withRoutes(List.of(new RouteConfig(List.of("*"), "127.0.0.1", sinkPort)))
        .withHttp(OutpostConfig.defaults().http().withAddress(new HostPort("127.0.0.1", 0)));
    try (Outpost outpost = Outpost.builder().config(config).build()) {
      outpost.start();
      var api = new ApiClient(URI.create("http://127.0.0.1:" + outpost.httpAddress().getPort()), key);
      ApiClient.Response created = api.post("/api/v1/campaigns", "{\"name\": \"bench\", \"template\": {"
          + "\"from\": \"News <news@bench.test>\", \"subject\": \"Hello {{name}}\", \"text\": " + json(TEXT)
          + ", \"html\": " + json(HTML) + "}}");
      if (created.status() != 201) throw new IllegalStateException(created.body());
      String id = created.json().get("id").asText();

      long start = System.nanoTime();
      for (long from = 0; from < recipients; from += UPLOAD) {
        long first = from;
        long last = Math.min(recipients, first + UPLOAD);
        ApiClient.Response uploaded = api.send(api.request("/api/v1/campaigns/" + id + "/recipients")
            .timeout(java.time.Duration.ofMinutes(10))
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> lines(first, last))));
        if (uploaded.status() != 200) throw new IllegalStateException(uploaded.body());
      }
      double uploadSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("uploaded %,d recipients in %.1f s: %,.0f recipients/s%n", recipients, uploadSeconds,
          recipients / uploadSeconds);

      List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP).toList();
      System.gc();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      AtomicLong liveAfterGc = new AtomicLong();
      start = System.nanoTime();
      api.post("/api/v1/campaigns/" + id + "/send", "");
      String state;
      long queued;
      do {
        Thread.sleep(500);
        liveAfterGc.accumulateAndGet(heap.stream().mapToLong(p -> p.getCollectionUsage() == null ? 0
            : p.getCollectionUsage().getUsed()).sum(), Math::max);
        var campaign = api.get("/api/v1/campaigns/" + id).json();
        state = campaign.get("state").asText();
        queued = campaign.at("/counts/queued").asLong();
      } while (state.equals("sending"));
      double seconds = (System.nanoTime() - start) / 1e9;
      long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      System.out.printf("campaign %s: %s, %,d queued in %.1f s: %,.0f messages/s%s%n", id, state, queued, seconds,
          queued / seconds, dkim ? " (DKIM-signed)" : "");
      System.out.printf("message size %,d octets before signing; heap: peak %,d MiB, in use after collection at most"
          + " %,d MiB, max %,d MiB%n", sampleSize(), peak >> 20, liveAfterGc.get() >> 20,
          Runtime.getRuntime().maxMemory() >> 20);
    } finally {
      sink.destroy();
    }
  }

  /** Recipients first (inclusive) to last (exclusive) as NDJSON, made as the upload reads them. */
  private static InputStream lines(long first, long last) {
    return new SequenceInputStream(new Enumeration<>() {
      long next = first;

      @Override
      public boolean hasMoreElements() {
        return next < last;
      }

      @Override
      public InputStream nextElement() {
        long n = next++;
        return new ByteArrayInputStream(("{\"email\": \"r" + n + "@d" + (n % 1000) + ".example\", \"vars\": {\"name\":"
            + " \"Reader " + n + "\", \"code\": " + (100000 + n) + "}}\n").getBytes(StandardCharsets.UTF_8));
      }
    });
  }

  private static int sampleSize() {
    var template = CampaignTemplate.compile(new TemplateSpec("News <news@bench.test>", null, "Hello {{name}}", TEXT,
        HTML, null), true);
    return dev.outpost.compose.MimeComposer.compose(template.render("r1@d1.example",
        java.util.Map.of("name", "Reader 1", "code", 100001), "c1")).length;
  }

  private static String json(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
