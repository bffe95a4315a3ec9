package dev.outpost.shaping;

import dev.outpost.bounce.BounceCategory;
import dev.outpost.bounce.BounceClassifier;
import dev.outpost.bounce.BounceRule;
import dev.outpost.bounce.FailureReason;
import dev.outpost.config.ShapingConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Traffic shaping for MX delivery: finds each destination's site, hands out the
 * {@link SiteBucket} of a site and source address, recognises "slow down" replies, and reports
 * the live state of every bucket ({@link #sites()}, for {@code outpost queue} and metrics).
 *
 * <p>A "slow down" is a transient reply that a bounce rule with a text or an exact status
 * classifies as {@link BounceCategory#RATE_LIMITED} (Google's 4.7.28, Microsoft's 4.7.650,
 * Yahoo's TSS04, ...; operators add their own with {@code [bounce] rules}), which suspends and
 * halves, or any other 421, which halves only (see {@link SlowDown}).
 *
 * <p>Buckets are made on first use and kept: their number is bounded by the sites delivered to
 * times the source addresses. Thread-safe.
 */
public final class TrafficShaper {
  private final SiteResolver resolver;
  private final BounceClassifier classifier;
  private final Clock clock;
  private final ConcurrentHashMap<String, SiteBucket> buckets = new ConcurrentHashMap<>();
  private volatile Consumer<SiteBucket> onNewBucket = b -> { };

  public TrafficShaper(ShapingConfig config, BounceClassifier classifier, Clock clock) {
    this.resolver = new SiteResolver(config.profiles());
    this.classifier = classifier;
    this.clock = clock;
  }

  /** The site of {@code domain}, whose MX host names are {@code mxHosts} (best first). */
  public SiteResolver.Site siteFor(String domain, List<String> mxHosts) {
    return resolver.siteFor(domain, mxHosts);
  }

  public SiteBucket bucket(SiteResolver.Site site, SourceAddress source) {
    String key = site.name() + '\u0000' + source.key();
    SiteBucket bucket = buckets.get(key);
    if (bucket != null) return bucket;
    SiteBucket created = new SiteBucket(site.name(), source.key(), site.limits(), clock);
    bucket = buckets.putIfAbsent(key, created);
    if (bucket != null) return bucket;
    onNewBucket.accept(created);
    return created;
  }

  /**
   * Tells {@code listener} of every bucket, those made so far and each one made from now on (so
   * metrics can watch them). A bucket made meanwhile may be told twice.
   */
  public void onNewBucket(Consumer<SiteBucket> listener) {
    onNewBucket = listener;
    buckets.values().forEach(listener);
  }

  /**
   * What a transient reply asks for: a {@link SlowDown} when it is a 421 or a rate-limit reply,
   * else null.
   *
   * @param dsn the enhanced status code, e.g. {@code 4.7.28}
   * @param detail the reply on one line, starting with its code, e.g. {@code 421 4.7.28 ...}
   */
  public SlowDown slowDown(String dsn, String detail) {
    if (!dsn.startsWith("4.")) return null;
    BounceRule rule = classifier.match(FailureReason.of(dsn, detail));
    if (rule != null && rule.category() == BounceCategory.RATE_LIMITED) {
      // A rule that knows the text or the exact status recognised a rate limit; the fallbacks
      // for any 421 or any 4.7.X only say "try later".
      boolean recognised = rule.text() != null || (rule.status() != null && !rule.status().endsWith(".X"));
      return new SlowDown(detail, recognised);
    }
    if (detail.startsWith("421 ") || detail.equals("421")) return new SlowDown(detail, false);
    return null;
  }

  /** Every bucket's state, by site then source address. */
  public List<SiteStatus> sites() {
    List<SiteStatus> out = new ArrayList<>(buckets.size());
    for (SiteBucket b : buckets.values()) out.add(b.status());
    out.sort(Comparator.comparing(SiteStatus::site).thenComparing(SiteStatus::source));
    return out;
  }
}
