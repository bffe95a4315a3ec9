package dev.outpost.dns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.xbill.DNS.Name;

/**
 * Answers by (name, type), kept for their TTL and shared by concurrent askers, so that 20,000
 * messages to one domain cost one lookup and a thousand domains hosted by one provider share
 * the lookups of its MX hosts.
 *
 * <p>Positive answers live for their TTL, negative ones (NXDOMAIN, NODATA) for the SOA minimum
 * (RFC 2308), both capped at {@code maxTtl}. Failures are not kept: the queue retries minutes
 * later anyway, and a cached SERVFAIL would only delay recovery. The cache holds at most
 * {@code maxEntries} answers and drops the least recently used beyond that.
 *
 * <p>Coalescing: while one thread looks a question up, others asking the same question wait
 * for its answer instead of sending their own. Invariant: a slot in the map either is in flight
 * ({@code expires == null}) or holds a completed answer with its expiry; the lock guards the
 * map only, never a lookup.
 */
final class DnsCache {
  private record Key(Name name, int type) {}

  private static final class Slot {
    final CompletableFuture<DnsAnswer> answer = new CompletableFuture<>();
    volatile Instant expires;
  }

  private final Clock clock;
  private final Duration maxTtl;
  private final int maxEntries;
  private final Map<Key, Slot> slots;

  DnsCache(Clock clock, Duration maxTtl, int maxEntries) {
    this.clock = clock;
    this.maxTtl = maxTtl;
    this.maxEntries = maxEntries;
    this.slots = new LinkedHashMap<>(256, 0.75f, true);
  }

  /** The cached answer, the answer of a lookup in flight, or a fresh one from {@code lookup}. */
  DnsAnswer get(Name name, int type, BiFunction<Name, Integer, DnsAnswer> lookup) {
    Key key = new Key(name, type);
    Slot slot;
    boolean mine = false;
    synchronized (slots) {
      slot = slots.get(key);
      if (slot != null && slot.expires != null && !clock.instant().isBefore(slot.expires)) {
        slots.remove(key);
        slot = null;
      }
      if (slot == null) {
        slot = new Slot();
        slots.put(key, slot);
        mine = true;
        evictBeyondLimit();
      }
    }
    if (!mine) return slot.answer.join();
    // Whatever happens, the slot is completed, or the threads waiting on it would wait forever.
    DnsAnswer answer = new DnsAnswer.Failure("lookup of " + name + " did not finish");
    try {
      answer = lookup.apply(name, type);
    } catch (RuntimeException e) {
      answer = new DnsAnswer.Failure("lookup of " + name + " failed: " + e);
    } finally {
      settle(key, slot, answer);
    }
    return answer;
  }

  private void settle(Key key, Slot slot, DnsAnswer answer) {
    Duration ttl = answer.ttl().compareTo(maxTtl) > 0 ? maxTtl : answer.ttl();
    if (ttl.isZero() || ttl.isNegative()) {
      synchronized (slots) {
        slots.remove(key, slot);
      }
    } else {
      slot.expires = clock.instant().plus(ttl);
    }
    slot.answer.complete(answer);
  }

  /** Answers held, in flight included. */
  int size() {
    synchronized (slots) {
      return slots.size();
    }
  }

  private void evictBeyondLimit() {
    var it = slots.entrySet().iterator();
    while (slots.size() > maxEntries && it.hasNext()) {
      it.next();
      it.remove();
    }
  }
}
