package dev.outpost.metrics;

import dev.outpost.config.TlsMode;
import dev.outpost.queue.QueueAdministration;
import dev.outpost.reputation.BlocklistMonitor;
import dev.outpost.shaping.TrafficShaper;
import dev.outpost.webhooks.WebhookDispatcher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one server: the registry, the meter groups the parts count into, and the totals
 * {@code outpost status} shows. Parts receive it (or one of its groups) by constructor; code that
 * does not care passes {@link #none()}.
 *
 * <p>Meter groups are made once per listener, site and spool engine and kept, so a count on a hot
 * path is one increment on a meter already at hand. Sites are found by name in a concurrent map
 * (a lookup, no allocation); their number is bounded by the providers delivered to.
 */
public final class OutpostMetrics implements AutoCloseable {
  private static final OutpostMetrics NONE = new OutpostMetrics(new CompositeMeterRegistry(), Clock.systemUTC());

  private final MeterRegistry registry;
  private final Instant startedAt;
  /** In the order listeners were made, which is the configuration's. */
  private final Map<String, ListenerMeters> listeners = Collections.synchronizedMap(new LinkedHashMap<>());
  private final ConcurrentHashMap<String, SiteMeters> sites = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, SpoolMeters> spools = new ConcurrentHashMap<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  private OutpostMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.startedAt = clock.instant();
    TimeGauge.builder("outpost.start.time", this, TimeUnit.MILLISECONDS, m -> m.startedAt.toEpochMilli())
        .description("when the server started, in seconds since the Unix epoch").register(registry);
  }

  /** What a server runs with: Outpost's meters and the JVM and process meters, in {@code registry}. */
  public static OutpostMetrics withJvmMeters(MeterRegistry registry, Clock clock) {
    OutpostMetrics metrics = new OutpostMetrics(registry, clock);
    new JvmMemoryMetrics().bindTo(metrics.registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(metrics.registry);
    metrics.closeables.add(gc);
    new JvmThreadMetrics().bindTo(metrics.registry);
    new ClassLoaderMetrics().bindTo(metrics.registry);
    new ProcessorMetrics().bindTo(metrics.registry);
    new UptimeMetrics().bindTo(metrics.registry);
    new FileDescriptorMetrics().bindTo(metrics.registry);
    return metrics;
  }

  /** Counting into {@code registry}, without the JVM meters: for tests that read the counts. */
  public static OutpostMetrics of(MeterRegistry registry, Clock clock) {
    return new OutpostMetrics(registry, clock);
  }

  /**
   * Meters that count nothing, shared: every meter of an empty composite registry is a no-op. For
   * parts built without a server around them (tests, tools).
   */
  public static OutpostMetrics none() {
    return NONE;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** When this server started, for its uptime. */
  public Instant startedAt() {
    return startedAt;
  }

  /** The meters of one listener, made on first use; {@code tls} decides which handshakes it counts. */
  public ListenerMeters listener(String name, TlsMode tls) {
    return listeners.computeIfAbsent(name, n -> new ListenerMeters(registry, n, tls));
  }

  /** Every listener's meters, in the configuration's order. */
  public List<ListenerMeters> listeners() {
    synchronized (listeners) {
      return List.copyOf(listeners.values());
    }
  }

  /** The meters of one receiving site (see {@link SiteMeters} for what names a site). */
  public SiteMeters site(String name) {
    SiteMeters meters = sites.get(name);
    if (meters != null) return meters;
    return sites.computeIfAbsent(name, n -> new SiteMeters(registry, n));
  }

  /** The meters of one spool engine, e.g. {@code rocksdb}. */
  public SpoolMeters spool(String engine) {
    return spools.computeIfAbsent(engine, e -> new SpoolMeters(registry, e));
  }

  /** Gauges of the queue by state, read from {@code queue} when scraped. */
  public void watchQueue(QueueAdministration queue) {
    LiveGauges.queue(registry, queue);
  }

  /** Gauges of each shaping bucket's throttle state, for those made so far and later. */
  public void watchShaping(TrafficShaper shaper) {
    LiveGauges.shaping(registry, shaper);
  }

  /** The gauge of the webhooks' backlog. */
  public void watchWebhooks(WebhookDispatcher webhooks) {
    LiveGauges.webhooks(registry, webhooks);
  }

  /** Gauges of the blocklist listings in force. */
  public void watchBlocklists(BlocklistMonitor blocklists) {
    LiveGauges.blocklists(registry, blocklists);
  }

  /** Recipients delivered, deferred and bounced since the start, over every site. */
  public DeliveryTotals deliveryTotals() {
    long delivered = 0;
    long deferred = 0;
    long bounced = 0;
    for (SiteMeters s : sites.values()) {
      delivered += s.deliveredCount();
      deferred += s.deferredCount();
      bounced += s.bouncedCount();
    }
    return new DeliveryTotals(delivered, deferred, bounced);
  }

  /** Unhooks the JVM listeners and closes the registry; the shared {@link #none()} stays open. */
  @Override
  public void close() {
    if (this == NONE) return;
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception ignored) {
        // A binder that fails to unhook leaves only a listener on a registry that is going away.
      }
    }
    registry.close();
  }
}
