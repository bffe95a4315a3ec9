package dev.outpost.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.accounts.AuthResult.AccountDisabled;
import dev.outpost.accounts.AuthResult.Authenticated;
import dev.outpost.accounts.AuthResult.BadCredentials;
import dev.outpost.accounts.AuthResult.LockedOut;
import dev.outpost.accounts.LimitDecision.LimitReached;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.store.StateStore;
import dev.outpost.testkit.ManualClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountServiceTest {
  private static final Instant START = Instant.parse("2030-01-31T22:59:00Z");
  private static final String PASSWORD = "a long enough password";
  /** The background flush is pushed out of the way; tests flush by hand. */
  private static final AccountSettings SETTINGS =
      new AccountSettings(5, Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofHours(1));

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(START);
  private final PasswordHasher hasher = new PasswordHasher(PasswordHasherTest.CHEAP, new SecureRandom());
  private StateStore store;
  private AccountAdministration admin;
  private AccountService service;

  @BeforeEach
  void open() {
    store = SqliteStateStore.open(dir);
    admin = new AccountAdministration(store, hasher, new SecureRandom(), clock);
    service = new AccountService(store, hasher, SETTINGS, clock);
    admin.addAccount("acme", null, new AccountLimits(3, 5, 7, 10, 1000));
    admin.addCredential("acme", "App@Acme.example", PASSWORD);
  }

  @AfterEach
  void close() {
    service.close();
    store.close();
  }

  @Test
  void goodCredentialsAuthenticateAndTheUsernameIgnoresCase() {
    AuthResult r = service.authenticate("app@ACME.example", PASSWORD, "192.0.2.1");

    assertThat(r).isInstanceOfSatisfying(Authenticated.class, a -> {
      assertThat(a.account().name()).isEqualTo("acme");
      assertThat(a.username()).isEqualTo("app@acme.example");
    });
  }

  @Test
  void aWrongPasswordAndAnUnknownUserAreBothBadCredentials() {
    assertThat(service.authenticate("app@acme.example", "wrong", "192.0.2.1")).isInstanceOf(BadCredentials.class);
    assertThat(service.authenticate("nobody", PASSWORD, "192.0.2.1")).isInstanceOf(BadCredentials.class);
    assertThat(service.authenticate("", PASSWORD, "192.0.2.1")).isInstanceOf(BadCredentials.class);
  }

  @Test
  void aDisabledAccountIsToldApartOnlyWithTheRightPassword() {
    admin.setEnabled("acme", false);

    assertThat(service.authenticate("app@acme.example", PASSWORD, "192.0.2.1")).isInstanceOf(AccountDisabled.class);
    assertThat(service.authenticate("app@acme.example", "wrong", "192.0.2.1")).isInstanceOf(BadCredentials.class);
  }

  @Test
  void aHashWithOldParametersIsUpgradedAtTheNextLogin() {
    PasswordHasher stronger = new PasswordHasher(new Argon2Parameters(128, 2, 1), new SecureRandom());
    try (AccountService upgraded = new AccountService(store, stronger, SETTINGS, clock)) {
      assertThat(upgraded.authenticate("app@acme.example", PASSWORD, "192.0.2.1")).isInstanceOf(Authenticated.class);
    }

    String stored = store.findLogin("app@acme.example").orElseThrow().credential().passwordHash();
    assertThat(stored).contains("m=128,t=2,p=1");
    assertThat(stronger.verify(PASSWORD, stored)).isTrue();
  }

  @Test
  void failuresFromManyClientsLockTheAccountEvenForTheRightPassword() {
    for (int i = 1; i < 5; i++) {
      assertThat(service.authenticate("app@acme.example", "guess" + i, "198.51.100." + i))
          .isInstanceOf(BadCredentials.class);
    }
    AuthResult fifth = service.authenticate("app@acme.example", "guess5", "198.51.100.5");

    Instant until = START.plus(Duration.ofMinutes(15));
    assertThat(fifth).isEqualTo(new LockedOut("acme", until));
    assertThat(service.authenticate("app@acme.example", PASSWORD, "192.0.2.1")).isEqualTo(new LockedOut("acme", until));
    assertThat(admin.account("acme").lockedUntil()).as("stored, so the CLI shows it").isEqualTo(until);

    clock.set(until);
    assertThat(service.authenticate("app@acme.example", PASSWORD, "192.0.2.1")).isInstanceOf(Authenticated.class);
  }

  @Test
  void failuresSpreadWiderThanTheWindowDoNotLock() {
    for (int i = 0; i < 12; i++) {
      assertThat(service.authenticate("app@acme.example", "typo", "192.0.2.1")).isInstanceOf(BadCredentials.class);
      clock.advance(Duration.ofMinutes(3));
    }
  }

  @Test
  void enablingLiftsALockout() {
    for (int i = 0; i < 5; i++) service.authenticate("app@acme.example", "guess", "198.51.100.1");
    admin.setEnabled("acme", true);

    assertThat(service.authenticate("app@acme.example", PASSWORD, "192.0.2.1")).isInstanceOf(Authenticated.class);
  }

  @Test
  void sendersMustBeInTheAccountsOwnDomains() {
    admin.addAccount("other", null, AccountLimits.UNLIMITED);
    admin.addDomain("acme", "acme.example", false);
    admin.addDomain("acme", "Lists.Acme.ORG", true);
    admin.addDomain("other", "news.lists.acme.org", false);
    Account acme = admin.account("acme");

    assertThat(service.mayUseSender(acme, "news@acme.example")).isTrue();
    assertThat(service.mayUseSender(acme, "news@ACME.example.")).isTrue();
    assertThat(service.mayUseSender(acme, "news@mail.acme.example")).as("no subdomains asked for").isFalse();
    assertThat(service.mayUseSender(acme, "a@lists.acme.org")).isTrue();
    assertThat(service.mayUseSender(acme, "a@x.y.lists.acme.org")).isTrue();
    assertThat(service.mayUseSender(acme, "a@news.lists.acme.org")).as("the most specific owner decides").isFalse();
    assertThat(service.mayUseSender(admin.account("other"), "a@news.lists.acme.org")).isTrue();
    assertThat(service.mayUseSender(acme, "a@example.com")).isFalse();
    assertThat(service.mayUseSender(acme, "no-at-sign")).isFalse();
    assertThat(service.mayUseSender(acme, "")).as("the null sender of bounces").isTrue();
  }

  @Test
  void theHourlyLimitHoldsUntilTheHourTurns() {
    Account acme = admin.account("acme");
    for (int i = 0; i < 3; i++) assertThat(service.checkAndCount(acme, 1, 100)).isEqualTo(LimitDecision.WITHIN_LIMITS);

    Instant nextHour = Instant.parse("2030-01-31T23:00:00Z");
    assertThat(service.checkMessage(acme)).isEqualTo(new LimitReached(Limit.MESSAGES_PER_HOUR, 3, 3, nextHour));
    assertThat(service.checkAndCount(acme, 1, 100)).isEqualTo(new LimitReached(Limit.MESSAGES_PER_HOUR, 3, 3, nextHour));

    clock.set(nextHour.minusMillis(1));
    assertThat(service.checkAndCount(acme, 1, 100)).isInstanceOf(LimitReached.class);
    clock.set(nextHour);
    assertThat(service.checkAndCount(acme, 1, 100)).isEqualTo(LimitDecision.WITHIN_LIMITS);
    assertThat(service.usage(acme)).isEqualTo(new UsageCounts(1, 4, 4));
  }

  @Test
  void theDailyAndMonthlyLimitsTurnAtUtcMidnightAndTheFirstOfTheMonth() {
    Account acme = admin.account("acme");
    for (int i = 0; i < 3; i++) service.checkAndCount(acme, 1, 1);
    clock.set(Instant.parse("2030-01-31T23:30:00Z"));
    service.checkAndCount(acme, 1, 1);
    service.checkAndCount(acme, 1, 1);

    LimitDecision day = service.checkAndCount(acme, 1, 1);
    assertThat(day).isEqualTo(new LimitReached(Limit.MESSAGES_PER_DAY, 5, 5, Instant.parse("2030-02-01T00:00:00Z")));

    clock.set(Instant.parse("2030-02-01T00:00:00Z"));
    assertThat(service.checkAndCount(acme, 1, 1)).isEqualTo(LimitDecision.WITHIN_LIMITS);
    assertThat(service.usage(acme)).isEqualTo(new UsageCounts(1, 1, 1));
  }

  @Test
  void theMonthlyLimitNamesItself() {
    admin.addAccount("monthly", null, new AccountLimits(0, 0, 2, 0, 0));
    Account monthly = admin.account("monthly");
    service.checkAndCount(monthly, 1, 1);
    clock.set(Instant.parse("2030-01-02T08:00:00Z").plus(Duration.ofDays(28)));
    service.checkAndCount(monthly, 1, 1);

    assertThat(service.checkAndCount(monthly, 1, 1))
        .isEqualTo(new LimitReached(Limit.MESSAGES_PER_MONTH, 2, 2, Instant.parse("2030-02-01T00:00:00Z")));
    clock.set(Instant.parse("2030-02-01T00:00:00Z"));
    assertThat(service.checkAndCount(monthly, 1, 1)).isEqualTo(LimitDecision.WITHIN_LIMITS);
  }

  @Test
  void recipientsAndSizeAreCheckedPerMessageAndNotCounted() {
    Account acme = admin.account("acme");

    assertThat(service.checkRecipients(acme, 10)).isEqualTo(LimitDecision.WITHIN_LIMITS);
    assertThat(service.checkRecipients(acme, 11)).isEqualTo(new LimitReached(Limit.RECIPIENTS_PER_MESSAGE, 10, 11, null));
    assertThat(service.checkSize(acme, 1001)).isEqualTo(new LimitReached(Limit.MESSAGE_SIZE, 1000, 1001, null));
    assertThat(service.checkAndCount(acme, 11, 10)).isInstanceOf(LimitReached.class);
    assertThat(service.checkAndCount(acme, 1, 1001)).isInstanceOf(LimitReached.class);
    assertThat(((LimitReached) service.checkSize(acme, 5000)).explanation())
        .isEqualTo("account limit reached: 1000 message size");
    assertThat(service.usage(acme)).isEqualTo(UsageCounts.NONE);
  }

  @Test
  void countsSurviveARestartOnceFlushed() {
    Account acme = admin.account("acme");
    service.checkAndCount(acme, 1, 1);
    service.checkAndCount(acme, 1, 1);
    assertThat(admin.storedUsage("acme")).as("not flushed yet").isEqualTo(UsageCounts.NONE);

    service.close();
    service = new AccountService(store, hasher, SETTINGS, clock);

    assertThat(admin.storedUsage("acme")).isEqualTo(new UsageCounts(2, 2, 2));
    assertThat(service.usage(acme)).isEqualTo(new UsageCounts(2, 2, 2));
    service.checkAndCount(acme, 1, 1);
    assertThat(service.checkAndCount(acme, 1, 1)).isInstanceOf(LimitReached.class);
  }

  @Test
  void countsFlushedByAnotherNodeAreSeenAfterTheNextFlush() {
    Account acme = admin.account("acme");
    service.checkAndCount(acme, 1, 1);
    try (AccountService otherNode = new AccountService(store, hasher, SETTINGS, clock)) {
      otherNode.checkAndCount(acme, 1, 1);
      otherNode.checkAndCount(acme, 1, 1);
    }

    service.flushUsage();

    assertThat(service.usage(acme)).isEqualTo(new UsageCounts(3, 3, 3));
    assertThat(service.checkMessage(acme)).isInstanceOf(LimitReached.class);
  }

  @Test
  void concurrentMessagesGetExactlyTheQuota() throws Exception {
    admin.addAccount("busy", null, new AccountLimits(100, 0, 0, 0, 0));
    Account busy = admin.account("busy");
    AtomicInteger accepted = new AtomicInteger();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < 8; t++) {
        pool.submit(() -> {
          for (int i = 0; i < 50; i++) {
            if (service.checkAndCount(busy, 1, 1) instanceof LimitDecision.WithinLimits) accepted.incrementAndGet();
            if (i % 10 == 0) service.flushUsage();
          }
        });
      }
    }

    assertThat(accepted).hasValue(100);
    service.flushUsage();
    assertThat(admin.storedUsage("busy").hour()).isEqualTo(100);
  }

  @Test
  void aTotpCodeIsAcceptedOnceAndARecoveryCodeOnce() {
    TotpEnrollment enrollment = admin.enrollTotp("acme");
    assertThat(enrollment.otpauthUri())
        .matches("otpauth://totp/Outpost:acme\\?secret=[A-Z2-7]{32}&issuer=Outpost&algorithm=SHA1&digits=6&period=30");
    assertThat(enrollment.recoveryCodes()).hasSize(10).doesNotHaveDuplicates()
        .allMatch(c -> c.matches("[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}"));
    byte[] secret = Base32.decode(enrollment.otpauthUri().replaceAll(".*secret=([A-Z2-7]+).*", "$1"));
    String code = Totp.code(secret, Totp.step(clock.instant()), 6);

    assertThat(service.verifySecondFactor("acme", code)).isTrue();
    assertThat(service.verifySecondFactor("acme", code)).as("replay in the same window").isFalse();
    clock.advance(Duration.ofSeconds(30));
    assertThat(service.verifySecondFactor("acme", code)).as("replay in the next step").isFalse();
    assertThat(service.verifySecondFactor("acme", Totp.code(secret, Totp.step(clock.instant()), 6))).isTrue();

    String recovery = enrollment.recoveryCodes().get(3);
    assertThat(service.verifySecondFactor("acme", recovery.toUpperCase().replace("-", " "))).isTrue();
    assertThat(service.verifySecondFactor("acme", recovery)).isFalse();
    assertThat(service.verifySecondFactor("acme", "000000-wrong")).isFalse();
    assertThat(service.verifySecondFactor("other", code)).isFalse();
  }

  @Test
  void anApiKeyAuthenticatesByItsSecretOnly() {
    IssuedApiKey issued = admin.addApiKey("acme", ApiKeyScope.ADMIN);

    assertThat(service.authenticateApiKey(issued.secret())).contains(issued.stored());
    assertThat(service.authenticateApiKey(issued.secret() + "x")).isEmpty();
    assertThat(service.authenticateApiKey(issued.stored().hash())).isEmpty();
    assertThat(store.listApiKeys("acme")).extracting(ApiKey::hash).doesNotContain(issued.secret());
  }
}
