package dev.outpost.control;

import dev.outpost.accounts.Account;
import dev.outpost.accounts.AccountService;
import dev.outpost.policy.AuthFailureLimiter;
import dev.outpost.server.ConnectionCounts;
import dev.outpost.server.SmtpListeners;
import dev.outpost.shaping.SiteStatus;
import dev.outpost.shaping.TrafficShaper;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The live status of a running server, read from its listeners, AUTH limiter and accounts. */
public final class RuntimeLiveStatus implements LiveStatus {
  private final SmtpListeners listeners;
  private final AuthFailureLimiter authLimiter;
  private final AccountService accounts;
  private final TrafficShaper shaper;
  private final Clock clock;

  public RuntimeLiveStatus(SmtpListeners listeners, AuthFailureLimiter authLimiter, AccountService accounts,
      TrafficShaper shaper, Clock clock) {
    this.listeners = listeners;
    this.authLimiter = authLimiter;
    this.accounts = accounts;
    this.shaper = shaper;
    this.clock = clock;
  }

  @Override
  public List<SiteStatus> sites() {
    return shaper.sites();
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
