package dev.outpost.metrics;

import dev.outpost.queue.QueueAdministration;
import dev.outpost.queue.QueueCounts;
import dev.outpost.reputation.BlocklistMonitor;
import dev.outpost.shaping.Rate;
import dev.outpost.shaping.SiteBucket;
import dev.outpost.shaping.SiteStatus;
import dev.outpost.shaping.TrafficShaper;
import dev.outpost.webhooks.WebhookDispatcher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Gauges that read the server's live state when they are scraped: the queue by state, each
 * traffic shaping bucket's throttle state, and the blocklist listings. Nothing is counted on the
 * message's path for them.
 */
final class LiveGauges {
  /** The queue gauges of one scrape share one walk of the queue. */
  private static final long QUEUE_COUNTS_MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private LiveGauges() {}

  static void queue(MeterRegistry registry, QueueAdministration queue) {
    CachedCounts counts = new CachedCounts(queue);
    queueState(registry, counts, "active", QueueCounts::active);
    queueState(registry, counts, "deferred", QueueCounts::deferred);
    queueState(registry, counts, "held", QueueCounts::held);
    // Strong references: the gauges are all that holds the cache, and a weak one would lose it.
    Gauge.builder("outpost.queue.ready.jobs", counts, c -> c.get().ready()).strongReference(true)
        .description("jobs (one message's recipients at one destination) waiting for a connection")
        .register(registry);
    Gauge.builder("outpost.delivery.connections.active", counts, c -> c.get().connections()).strongReference(true)
        .description("open outbound SMTP connections, busy or idle").register(registry);
  }

  private static void queueState(MeterRegistry registry, CachedCounts counts, String state,
      ToDoubleFunction<QueueCounts> value) {
    Gauge.builder("outpost.queue.messages", counts, c -> value.applyAsDouble(c.get())).tag("state", state)
        .strongReference(true).description("queued messages by state").register(registry);
  }

  /** Gauges for every bucket the shaper has and will make; buckets are never removed. */
  static void shaping(MeterRegistry registry, TrafficShaper shaper) {
    shaper.onNewBucket(bucket -> bucket(registry, bucket));
  }

  private static void bucket(MeterRegistry registry, SiteBucket bucket) {
    SiteStatus first = bucket.status();
    Tags tags = Tags.of("site", first.site(), "source", first.source());
    Gauge.builder("outpost.shaping.suspended", bucket, b -> b.status().suspendedUntil() == null ? 0 : 1).tags(tags)
        .description("1 while the site is suspended for this source address after a rate-limit reply")
        .register(registry);
    Gauge.builder("outpost.shaping.rate", bucket, b -> perSecond(b.status().currentRate())).tags(tags)
        .description("messages per second allowed now; below the configured rate after a slow-down")
        .register(registry);
    Gauge.builder("outpost.shaping.rate.configured", bucket, b -> perSecond(b.status().configuredRate())).tags(tags)
        .description("messages per second the site's profile allows").register(registry);
    Gauge.builder("outpost.shaping.connections", bucket, b -> b.status().connections()).tags(tags)
        .description("open connections to the site from this source address").register(registry);
  }

  private static double perSecond(Rate rate) {
    if (!rate.limited()) return Double.POSITIVE_INFINITY;
    return rate.messages() * 1e9 / rate.window().toNanos();
  }

  static void blocklists(MeterRegistry registry, BlocklistMonitor monitor) {
    Gauge.builder("outpost.blocklist.listed.addresses", monitor, m -> m.listedAddresses().size())
        .description("own sending addresses listed on at least one blocklist").register(registry);
    Gauge.builder("outpost.blocklist.listings", monitor, m -> m.listings().size())
        .description("listings in force: an address or sending domain on one list").register(registry);
  }

  /** One gauge for all webhooks: they come and go at run time, and the total is what an alert needs. */
  static void webhooks(MeterRegistry registry, WebhookDispatcher webhooks) {
    Gauge.builder("outpost.webhooks.backlog.events", webhooks,
            w -> w.backlog().values().stream().mapToLong(n -> Math.max(0, n)).sum())
        .description("stored events that webhooks have still to receive, over every webhook").register(registry);
  }

  /** The last queue counts, taken again when older than a second. */
  private static final class CachedCounts {
    private final QueueAdministration queue;
    private QueueCounts last;
    private long takenAt;

    CachedCounts(QueueAdministration queue) {
      this.queue = queue;
    }

    synchronized QueueCounts get() {
      long now = System.nanoTime();
      if (last == null || now - takenAt > QUEUE_COUNTS_MAX_AGE_NANOS) {
        last = queue.counts();
        takenAt = now;
      }
      return last;
    }
  }
}
