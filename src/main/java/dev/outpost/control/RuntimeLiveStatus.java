package dev.outpost.control;

import dev.outpost.accounts.Account;
import dev.outpost.accounts.AccountService;
import dev.outpost.metrics.DeliveryTotals;
import dev.outpost.metrics.ListenerMeters;
import dev.outpost.metrics.OutpostMetrics;
import dev.outpost.policy.AuthFailureLimiter;
import dev.outpost.reputation.BlocklistEvent;
import dev.outpost.reputation.BlocklistMonitor;
import dev.outpost.server.ConnectionCounts;
import dev.outpost.server.SmtpListeners;
import dev.outpost.shaping.SiteStatus;
import dev.outpost.shaping.TrafficShaper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The live status of a running server, read from its listeners, AUTH limiter, accounts, traffic
 * shaper, blocklist monitor and meters.
 */
public final class RuntimeLiveStatus implements LiveStatus {
  private final SmtpListeners listeners;
  private final AuthFailureLimiter authLimiter;
  private final AccountService accounts;
  private final TrafficShaper shaper;
  private final BlocklistMonitor blocklists;
  private final OutpostMetrics metrics;
  private final Clock clock;

  /** @param shaper null when traffic shaping is off */
  public RuntimeLiveStatus(SmtpListeners listeners, AuthFailureLimiter authLimiter, AccountService accounts,
      TrafficShaper shaper, BlocklistMonitor blocklists, OutpostMetrics metrics, Clock clock) {
    this.listeners = listeners;
    this.authLimiter = authLimiter;
    this.accounts = accounts;
    this.shaper = shaper;
    this.blocklists = blocklists;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<SiteStatus> sites() {
    return shaper == null ? List.of() : shaper.sites();
  }

  @Override
  public Instant startedAt() {
    return metrics.startedAt();
  }

  @Override
  public Duration uptime() {
    return Duration.between(metrics.startedAt(), clock.instant());
  }

  @Override
  public List<ListenerStatus> listeners() {
    Map<String, InetSocketAddress> addresses = listeners.addresses();
    List<ListenerStatus> out = new ArrayList<>();
    for (ListenerMeters m : metrics.listeners()) {
      out.add(new ListenerStatus(m.name(), addresses.get(m.name()), m.tls(), m.openConnections(), m.connectionCount(),
          m.sessionCount(), m.refusedCount(), m.acceptedCount(), m.rejectedCount(), m.tlsSucceededCount(),
          m.tlsFailedCount()));
    }
    return out;
  }

  @Override
  public DeliveryTotals deliveries() {
    return metrics.deliveryTotals();
  }

  @Override
  public List<BlocklistEvent> blocklistings() {
    return blocklists.listings();
  }

  @Override
  public ConnectionCounts connections() {
    return listeners.connections();
  }

  @Override
  public Map<InetAddress, Instant> authBlocked() {
    return authLimiter.blockedAddresses();
  }

  @Override
  public List<AccountUsage> accounts() {
    Instant now = clock.instant();
    List<AccountUsage> out = new ArrayList<>();
    for (Account a : accounts.accounts()) {
      out.add(new AccountUsage(a.name(), a.enabled(), a.lockedAt(now), accounts.usage(a), a.limits()));
    }
    return out;
  }
}
