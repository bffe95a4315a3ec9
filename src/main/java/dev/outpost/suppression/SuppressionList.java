package dev.outpost.suppression;

import dev.outpost.bounce.BounceCategory;
import dev.outpost.store.StateStore;
import dev.outpost.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The suppression lists as the server reads them: a lookup for every RCPT, answered from a small
 * cache so that a campaign to the same addresses does not query the store per recipient.
 *
 * <p>Entries added through this object are seen at once. Entries the CLI adds or removes in
 * {@code state.db} meanwhile are seen once the cached answer is older than {@code cacheTtl}: that
 * is the longest a running server can miss an operator's change. Thread-safe.
 */
public final class SuppressionList {
  private static final Logger LOG = LoggerFactory.getLogger("outpost.suppression");
  // Past this many cached answers the cache starts over: simpler than an LRU, and a cold lookup
  // is one indexed read, so the cost of a reset is small.
  private static final int MAX_CACHED = 100_000;

  private final StateStore store;
  private final Clock clock;
  private final Duration cacheTtl;
  private final ConcurrentHashMap<Key, Cached> cache = new ConcurrentHashMap<>();

  public SuppressionList(StateStore store, Clock clock, Duration cacheTtl) {
    this.store = store;
    this.clock = clock;
    this.cacheTtl = cacheTtl;
  }

  /** The first entry for {@code recipient} that applies now, looking at {@code scopes} in order. */
  public Optional<Suppression> find(String recipient, List<SuppressionScope> scopes) {
    Instant now = clock.instant();
    String address = Suppression.normalise(recipient);
    for (SuppressionScope scope : scopes) {
      Optional<Suppression> entry = lookup(new Key(scope.key(), address), now);
      if (entry.isPresent() && entry.get().activeAt(now)) return entry;
    }
    return Optional.empty();
  }

  /** Adds or replaces an entry; this server's lookups see it at once. */
  public void put(Suppression entry) {
    store.putSuppression(entry);
    cache.remove(new Key(entry.scope().key(), entry.address()));
  }

  /** Removes an entry; this server's lookups miss it at once. False when there was none. */
  public boolean remove(SuppressionScope scope, String address) {
    boolean removed = store.deleteSuppression(scope, address);
    cache.remove(new Key(scope.key(), Suppression.normalise(address)));
    return removed;
  }

  /**
   * A hard permanent failure. Only "no such user" and "no such domain" suppress: a relay refusal
   * is hard too, but it may come from a misconfigured route of ours, and suppressing every
   * recipient behind it would be far worse than retrying them. The envelope does not say which
   * account sent the message, so the address goes on the global list. Called from delivery
   * workers: a store failure is logged, never thrown, so that the outcome is still recorded.
   */
  public void suppressHardBounce(String recipient, BounceCategory category, String remoteReply) {
    if (category != BounceCategory.UNKNOWN_USER && category != BounceCategory.DNS) return;
    try {
      put(new Suppression(SuppressionScope.GLOBAL, recipient, SuppressionReason.HARD_BOUNCE, remoteReply,
          clock.instant(), null));
      LOG.info("suppressed {} globally after a hard bounce: {}", recipient, remoteReply);
    } catch (StoreException e) {
      LOG.error("cannot suppress {} after a hard bounce: {}", recipient, e.getMessage());
    }
  }

  private Optional<Suppression> lookup(Key key, Instant now) {
    Cached cached = cache.get(key);
    if (cached != null && now.isBefore(cached.loadedAt().plus(cacheTtl))) return cached.entry();
    Optional<Suppression> entry = store.findSuppression(SuppressionScope.ofKey(key.scope()), key.address());
    if (cache.size() >= MAX_CACHED) cache.clear();
    cache.put(key, new Cached(entry, now));
    return entry;
  }

  private record Key(String scope, String address) {}

  private record Cached(Optional<Suppression> entry, Instant loadedAt) {}
}
