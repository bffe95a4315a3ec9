package dev.outpost.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook endpoint on loopback, as a receiver would write one from docs/webhooks.md: it checks
 * the Outpost-Signature of every POST with the documented algorithm (HMAC-SHA256 over
 * {@code "<t>.<body>"}, a timestamp at most five minutes off, a constant-time comparison) and
 * refuses a delivery id it has seen. It can answer with any status, and be stopped and started
 * again on the same port, to play an endpoint that is down. Public for the API tests.
 */
public final class WebhookReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TOLERANCE = Duration.ofMinutes(5);

  private final Clock clock;
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  private final List<Delivery> accepted = new CopyOnWriteArrayList<>();
  private final List<String> refused = new CopyOnWriteArrayList<>();
  private final Map<String, Boolean> seenDeliveryIds = new ConcurrentHashMap<>();
  private volatile int status = 200;
  private final AtomicInteger requests = new AtomicInteger();
  private int port;
  private HttpServer server;

  /** One POST that passed the checks and was answered 2xx. */
  public record Delivery(String webhookId, String deliveryId, JsonNode body) {
    public List<JsonNode> events() {
      List<JsonNode> out = new ArrayList<>();
      body.get("events").forEach(out::add);
      return out;
    }
  }

  private WebhookReceiver(Clock clock) {
    this.clock = clock;
  }

  /** Listens on a free loopback port; {@code clock} is what the timestamp is checked against. */
  public static WebhookReceiver start(Clock clock) throws IOException {
    WebhookReceiver receiver = new WebhookReceiver(clock);
    receiver.up();
    return receiver;
  }

  public synchronized URI url(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** Accepts POSTs for this webhook when they are signed with this secret. */
  public void trust(String webhookId, String secret) {
    secrets.put(webhookId, secret);
  }

  /** The status of the next answers to correctly signed POSTs: 503 plays an endpoint in trouble. */
  public void answer(int value) {
    status = value;
  }

  /** Stops listening: POSTs find the port closed. */
  public synchronized void down() {
    if (server != null) server.stop(0);
    server = null;
  }

  /** Listens again, on the same port as at first. */
  public synchronized void up() throws IOException {
    if (server != null) return;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    port = server.getAddress().getPort();
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      byte[] body = exchange.getRequestBody().readAllBytes();
      String webhookId = exchange.getRequestHeaders().getFirst("Outpost-Webhook-Id");
      String problem = check(webhookId, exchange.getRequestHeaders().getFirst("Outpost-Signature"), body);
      if (problem != null) {
        refused.add(problem);
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      int answer = status;
      if (answer >= 200 && answer < 300) {
        JsonNode json = JSON.readTree(body);
        String deliveryId = json.get("delivery_id").asText();
        if (seenDeliveryIds.putIfAbsent(deliveryId, true) != null) {
          refused.add("replayed delivery " + deliveryId);
          exchange.sendResponseHeaders(409, -1);
          return;
        }
        if (!deliveryId.equals(exchange.getRequestHeaders().getFirst("Outpost-Delivery-Id"))) {
          refused.add("delivery id header differs from the body");
        }
        accepted.add(new Delivery(webhookId, deliveryId, json));
        exchange.sendResponseHeaders(answer, -1);
      } else {
        byte[] text = "try later".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer, text.length);
        exchange.getResponseBody().write(text);
      }
    }
  }

  /** The check of docs/webhooks.md; null when the request passes. */
  private String check(String webhookId, String header, byte[] body) {
    String secret = webhookId == null ? null : secrets.get(webhookId);
    if (secret == null) return "unknown webhook " + webhookId;
    if (header == null) return "no signature";
    String t = null;
    List<String> signatures = new ArrayList<>();
    for (String part : header.split(",")) {
      String[] kv = part.strip().split("=", 2);
      if (kv.length != 2) continue;
      if (kv[0].equals("t")) t = kv[1];
      if (kv[0].equals("v1")) signatures.add(kv[1]);
    }
    if (t == null || signatures.isEmpty()) return "malformed signature " + header;
    long timestamp = Long.parseLong(t);
    if (Math.abs(clock.instant().getEpochSecond() - timestamp) > TOLERANCE.toSeconds()) return "stale timestamp " + t;
    byte[] expected;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
      expected = HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    for (String candidate : signatures) {
      if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) return null;
    }
    return "bad signature " + header;
  }

  /** The accepted POSTs, in the order they arrived. */
  public List<Delivery> deliveries() {
    return List.copyOf(accepted);
  }

  /** The events of every accepted POST, in the order they arrived. */
  public List<JsonNode> events() {
    List<JsonNode> out = new ArrayList<>();
    for (Delivery d : accepted) out.addAll(d.events());
    return out;
  }

  /** Why POSTs were refused: bad signatures, stale timestamps, replays. Empty when all was well. */
  public List<String> refused() {
    return List.copyOf(refused);
  }

  /** Every request that reached the handler, whatever its answer. */
  public int requests() {
    return requests.get();
  }

  /** Waits until {@code n} events were accepted; returns them. */
  public List<JsonNode> awaitEvents(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (events().size() < n && System.nanoTime() < deadline) Thread.sleep(20);
    return events();
  }

  /** Waits until {@code n} requests arrived, accepted or not. */
  public void awaitRequests(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (requests.get() < n && System.nanoTime() < deadline) Thread.sleep(20);
    if (requests.get() < n) throw new AssertionError("only " + requests + " of " + n + " requests arrived");
  }

  @Override
  public void close() {
    down();
  }
}
