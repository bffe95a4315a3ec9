package dev.outpost.metrics;

import dev.outpost.bounce.BounceCategory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Delivery meters of one receiving site, tagged {@code site=NAME}: recipients delivered, deferred
 * and bounced (the last two by bounce category), the time from reception to delivery, and the
 * time of each SMTP transaction.
 *
 * <p>A site is the traffic shaping site of an MX destination ({@code google}, {@code microsoft},
 * or the registered domain of an unknown provider's MX host), the {@code host:port} of a
 * {@code [[route]]} smarthost, or {@value #NONE} when no remote site is involved or known (no
 * route, a failed MX lookup, shaping turned off, an operator's delete).
 *
 * <p>Counters per category are registered on first use, so a site shows only the categories it
 * has seen.
 */
public final class SiteMeters {
  public static final String NONE = "none";

  private static final Duration[] LATENCY_BUCKETS = seconds(0.1, 0.5, 1, 5, 30, 60, 300, 900, 3_600, 21_600, 86_400,
      432_000);
  private static final Duration[] TRANSACTION_BUCKETS = seconds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60);
  private static final BounceCategory[] CATEGORIES = BounceCategory.values();

  private final MeterRegistry registry;
  private final String site;
  private final Counter delivered;
  private final AtomicReferenceArray<Counter> deferred = new AtomicReferenceArray<>(CATEGORIES.length);
  private final AtomicReferenceArray<Counter> bounced = new AtomicReferenceArray<>(CATEGORIES.length);
  private final Timer latency;
  private final Timer transaction;

  SiteMeters(MeterRegistry registry, String site) {
    this.registry = registry;
    this.site = site;
    delivered = Counter.builder("outpost.delivered").tag("site", site)
        .description("recipients delivered (the remote server answered 2xx)").register(registry);
    latency = Timer.builder("outpost.delivery.latency").tag("site", site)
        .description("time from reception to delivery, per delivered recipient")
        .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    transaction = Timer.builder("outpost.delivery.transaction").tag("site", site)
        .description("time of one SMTP transaction, MAIL FROM to the reply after the data, per attempt")
        .serviceLevelObjectives(TRANSACTION_BUCKETS).register(registry);
  }

  private static Duration[] seconds(double... values) {
    Duration[] out = new Duration[values.length];
    for (int i = 0; i < values.length; i++) out[i] = Duration.ofNanos((long) (values[i] * 1e9));
    return out;
  }

  public String site() {
    return site;
  }

  /** A recipient was delivered {@code sinceReception} after the message arrived. */
  public void delivered(Duration sinceReception) {
    delivered.increment();
    latency.record(sinceReception);
  }

  public void deferred(BounceCategory category) {
    counter(deferred, "outpost.deferred", "recipients deferred, by bounce category", category).increment();
  }

  public void bounced(BounceCategory category) {
    counter(bounced, "outpost.bounced", "recipients failed permanently (bounced), by bounce category", category)
        .increment();
  }

  /** One SMTP transaction took {@code nanos}. */
  public void transaction(long nanos) {
    transaction.record(nanos, TimeUnit.NANOSECONDS);
  }

  long deliveredCount() {
    return (long) delivered.count();
  }

  long deferredCount() {
    return sum(deferred);
  }

  long bouncedCount() {
    return sum(bounced);
  }

  private Counter counter(AtomicReferenceArray<Counter> counters, String name, String description,
      BounceCategory category) {
    Counter c = counters.get(category.ordinal());
    if (c != null) return c;
    // Two threads may both register; the registry hands both the same counter.
    c = Counter.builder(name).tag("site", site).tag("category", category.id()).description(description)
        .register(registry);
    counters.set(category.ordinal(), c);
    return c;
  }

  private static long sum(AtomicReferenceArray<Counter> counters) {
    double total = 0;
    for (int i = 0; i < counters.length(); i++) {
      Counter c = counters.get(i);
      if (c != null) total += c.count();
    }
    return (long) total;
  }
}
