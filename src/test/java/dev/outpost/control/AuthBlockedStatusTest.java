package dev.outpost.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.policy.AuthFailureLimiter;
import dev.outpost.smtp.AuthOutcome;
import dev.outpost.smtp.Credentials;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The blocked addresses the limits view shows are the ones the limiter refuses. */
class AuthBlockedStatusTest {

  @Test
  void anAddressIsListedWhileItsBlockLasts() throws Exception {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    Clock clock = Clock.fixed(start, ZoneOffset.UTC);
    var limiter = new AuthFailureLimiter((credentials, client) -> new AuthOutcome.BadCredentials(), 3,
        Duration.ofMinutes(10), Duration.ofMinutes(15), clock);
    InetAddress attacker = InetAddress.getByName("192.0.2.9");
    for (int i = 0; i < 3; i++) limiter.authenticate(new Credentials("u", "wrong"), attacker);
    limiter.authenticate(new Credentials("u", "wrong"), InetAddress.getByName("192.0.2.10"));

    assertThat(limiter.blockedAddresses()).containsOnlyKeys(attacker)
        .containsEntry(attacker, start.plus(Duration.ofMinutes(15)));
    assertThat(limiter.isBlocked(attacker)).isTrue();
  }
}
