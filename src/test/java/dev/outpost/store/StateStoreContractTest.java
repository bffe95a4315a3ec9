package dev.outpost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.accounts.Account;
import dev.outpost.accounts.AccountLimits;
import dev.outpost.accounts.ApiKey;
import dev.outpost.accounts.ApiKeyScope;
import dev.outpost.accounts.Credential;
import dev.outpost.accounts.SendingDomain;
import dev.outpost.accounts.TotpSecret;
import dev.outpost.accounts.UsageWindow;
import dev.outpost.reputation.BlocklistEvent;
import dev.outpost.suppression.Suppression;
import dev.outpost.suppression.SuppressionReason;
import dev.outpost.suppression.SuppressionScope;
import dev.outpost.unsubscribe.UnsubscribeMailbox;
import dev.outpost.tracking.TrackingOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} must do. Each implementation extends this with a fresh, empty
 * store per test: {@link SqliteStateStoreTest} now, a PostgreSQL one later.
 */
public abstract class StateStoreContractTest {
  protected static final Instant T0 = Instant.parse("2030-01-15T10:20:30.123Z");
  private static final AccountLimits LIMITS = new AccountLimits(100, 1000, 10000, 50, 10_000_000);

  protected StateStore store;

  /** A new, empty store. */
  protected abstract StateStore openEmptyStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = openEmptyStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Account acme() {
    Account a = new Account("acme", true, "bounces@acme.example", LIMITS, true, null, T0);
    store.insertAccount(a);
    return a;
  }

  @Test
  void anAccountReadsBackAsWritten() {
    Account a = acme();

    assertThat(store.findAccount("acme")).contains(a);
    assertThat(store.findAccount("other")).isEmpty();
  }

  @Test
  void aSecondAccountWithTheSameNameIsAConflict() {
    acme();

    assertThatThrownBy(() -> store.insertAccount(new Account("acme", true, null, AccountLimits.UNLIMITED, true, null, T0)))
        .isInstanceOf(StoreConflictException.class);
  }

  @Test
  void accountsAreListedByName() {
    store.insertAccount(new Account("zeta", false, null, AccountLimits.UNLIMITED, true, null, T0));
    acme();

    assertThat(store.listAccounts()).extracting(Account::name).containsExactly("acme", "zeta");
  }

  @Test
  void anUpdateReplacesEnabledLimitsLockAndTheUnsubscribeSetting() {
    Account a = acme();
    Account changed = new Account("acme", false, null, AccountLimits.UNLIMITED, false, T0.plusSeconds(900), T0);

    assertThat(store.updateAccount(changed)).isTrue();
    assertThat(store.findAccount("acme")).contains(changed);
    assertThat(store.updateAccount(new Account("ghost", true, null, LIMITS, true, null, T0))).isFalse();
    assertThat(a.createdAt()).isEqualTo(changed.createdAt());
  }

  @Test
  void trackingIsOffUntilSetAndOutlivesAnUpdateOfTheAccount() {
    Account a = acme();

    assertThat(store.tracking("acme")).isEqualTo(TrackingOptions.NONE);
    assertThat(store.setTracking("acme", new TrackingOptions(true, false))).isTrue();
    assertThat(store.tracking("acme")).isEqualTo(new TrackingOptions(true, false));
    store.updateAccount(new Account("acme", false, null, LIMITS, true, null, a.createdAt()));
    assertThat(store.tracking("acme")).isEqualTo(new TrackingOptions(true, false));

    assertThat(store.setTracking("ghost", new TrackingOptions(true, true))).isFalse();
    assertThat(store.tracking("ghost")).isEqualTo(TrackingOptions.NONE);
  }

  @Test
  void aLoginIsTheCredentialWithItsAccount() {
    Account a = acme();
    Credential c = new Credential("app@acme.example", "acme", "$argon2id$hash", T0);
    store.insertCredential(c);

    var login = store.findLogin("app@acme.example").orElseThrow();

    assertThat(login.credential()).isEqualTo(c);
    assertThat(login.account()).isEqualTo(a);
    assertThat(store.findLogin("nobody")).isEmpty();
  }

  @Test
  void aUsernameIsUniqueAcrossAccountsAndNeedsAnAccount() {
    acme();
    store.insertAccount(new Account("other", true, null, LIMITS, true, null, T0));
    store.insertCredential(new Credential("app", "acme", "h", T0));

    assertThatThrownBy(() -> store.insertCredential(new Credential("app", "other", "h", T0)))
        .isInstanceOf(StoreConflictException.class);
    assertThatThrownBy(() -> store.insertCredential(new Credential("x", "ghost", "h", T0)))
        .isInstanceOf(StoreConflictException.class);
  }

  @Test
  void aPasswordHashIsReplacedOnlyIfUnchanged() {
    acme();
    store.insertCredential(new Credential("app", "acme", "old", T0));

    assertThat(store.replacePasswordHash("app", "stale", "new")).isFalse();
    assertThat(store.replacePasswordHash("app", "old", "new")).isTrue();
    assertThat(store.findLogin("app").orElseThrow().credential().passwordHash()).isEqualTo("new");
  }

  @Test
  void aDomainBelongsToOneAccount() {
    acme();
    store.insertAccount(new Account("other", true, null, LIMITS, true, null, T0));
    SendingDomain d = new SendingDomain("acme.example", "acme", true, T0);
    store.insertDomain(d);

    assertThat(store.findDomain("acme.example")).contains(d);
    assertThatThrownBy(() -> store.insertDomain(new SendingDomain("acme.example", "other", false, T0)))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.deleteDomain("other", "acme.example")).isFalse();
    assertThat(store.deleteDomain("acme", "acme.example")).isTrue();
    assertThat(store.listDomains("acme")).isEmpty();
  }

  @Test
  void apiKeysAreFoundByHash() {
    acme();
    ApiKey k = new ApiKey("a".repeat(64), "op_live_abcdef", "acme", ApiKeyScope.ADMIN, T0);
    store.insertApiKey(k);

    assertThat(store.findApiKey("a".repeat(64))).contains(k);
    assertThat(store.findApiKey("b".repeat(64))).isEmpty();
    assertThat(store.listApiKeys("acme")).containsExactly(k);
  }

  @Test
  void aTotpStepAdvancesOnlyForward() {
    acme();
    store.replaceTotp(new TotpSecret("acme", "JBSWY3DPEHPK3PXP", 0, T0), List.of("h1", "h2"));

    assertThat(store.advanceTotpStep("acme", 100)).isTrue();
    assertThat(store.advanceTotpStep("acme", 100)).isFalse();
    assertThat(store.advanceTotpStep("acme", 99)).isFalse();
    assertThat(store.findTotp("acme").orElseThrow().lastUsedStep()).isEqualTo(100);
  }

  @Test
  void aRecoveryCodeWorksOnceAndReEnrollmentReplacesTheCodes() {
    acme();
    store.replaceTotp(new TotpSecret("acme", "JBSWY3DPEHPK3PXP", 0, T0), List.of("h1", "h2"));

    assertThat(store.useRecoveryCode("acme", "h1", T0)).isTrue();
    assertThat(store.useRecoveryCode("acme", "h1", T0)).isFalse();
    assertThat(store.unusedRecoveryCodes("acme")).isEqualTo(1);

    store.replaceTotp(new TotpSecret("acme", "KRSXG5CTMVRXEZLU", 0, T0), List.of("h3"));
    assertThat(store.useRecoveryCode("acme", "h2", T0)).isFalse();
    assertThat(store.unusedRecoveryCodes("acme")).isEqualTo(1);
    assertThat(store.findTotp("acme").orElseThrow().secretBase32()).isEqualTo("KRSXG5CTMVRXEZLU");
  }

  @Test
  void usageAddsUpPerWindow() {
    acme();
    Instant hour = UsageWindow.HOUR.start(T0);
    store.addUsage("acme", Map.of(UsageWindow.HOUR, Map.of(hour, 3L)));
    store.addUsage("acme", Map.of(UsageWindow.HOUR, Map.of(hour, 4L, hour.plusSeconds(3600), 1L)));

    assertThat(store.usage("acme", UsageWindow.HOUR, hour)).isEqualTo(7);
    assertThat(store.usage("acme", UsageWindow.HOUR, hour.plusSeconds(3600))).isEqualTo(1);
    assertThat(store.usage("acme", UsageWindow.DAY, hour)).isZero();
  }

  @Test
  void usageOfADeletedAccountIsSkipped() {
    store.addUsage("ghost", Map.of(UsageWindow.DAY, Map.of(T0, 1L)));

    assertThat(store.usage("ghost", UsageWindow.DAY, T0)).isZero();
  }

  @Test
  void oldUsageIsDeleted() {
    acme();
    store.addUsage("acme", Map.of(UsageWindow.DAY, Map.of(T0, 1L, T0.plusSeconds(86400), 2L)));

    assertThat(store.deleteUsageBefore(T0.plusSeconds(1))).isEqualTo(1);
    assertThat(store.usage("acme", UsageWindow.DAY, T0.plusSeconds(86400))).isEqualTo(2);
  }

  @Test
  void deletingAnAccountDeletesWhatItOwns() {
    acme();
    store.insertCredential(new Credential("app", "acme", "h", T0));
    store.insertDomain(new SendingDomain("acme.example", "acme", false, T0));
    store.insertApiKey(new ApiKey("c".repeat(64), "op_live_x", "acme", ApiKeyScope.ACCOUNT, T0));
    store.replaceTotp(new TotpSecret("acme", "JBSWY3DPEHPK3PXP", 0, T0), List.of("h1"));
    store.addUsage("acme", Map.of(UsageWindow.MONTH, Map.of(T0, 5L)));

    assertThat(store.deleteAccount("acme")).isTrue();
    assertThat(store.deleteAccount("acme")).isFalse();

    assertThat(store.findLogin("app")).isEmpty();
    assertThat(store.findDomain("acme.example")).isEmpty();
    assertThat(store.findApiKey("c".repeat(64))).isEmpty();
    assertThat(store.findTotp("acme")).isEmpty();
    assertThat(store.usage("acme", UsageWindow.MONTH, T0)).isZero();
    acme();
    assertThat(store.unusedRecoveryCodes("acme")).isZero();
  }

  @Test
  void blocklistEventsReadBackNewestFirstAndTheLatestListingPerSubjectAndZoneIsCurrent() {
    BlocklistEvent listedA = new BlocklistEvent("192.0.2.1", "zen.example", true, "127.0.0.2: spam", T0);
    BlocklistEvent listedB = new BlocklistEvent("192.0.2.1", "bl.example", true, "127.0.0.2", T0.plusSeconds(1));
    BlocklistEvent delistedA = new BlocklistEvent("192.0.2.1", "zen.example", false, "", T0.plusSeconds(2));
    BlocklistEvent listedDomain =
        new BlocklistEvent("acme.example", "dbl.example", true, "127.0.1.2", T0.plusSeconds(3));
    for (BlocklistEvent e : List.of(listedA, listedB, delistedA, listedDomain)) store.insertBlocklistEvent(e);

    assertThat(store.listBlocklistEvents(3)).containsExactly(listedDomain, delistedA, listedB);
    assertThat(store.listCurrentBlocklistings()).containsExactly(listedB, listedDomain);
  }

  @Test
  void suppressionsAreFoundWithoutCaseAndOnlyOnTheirOwnList() {
    Suppression global = new Suppression(SuppressionScope.GLOBAL, "Gone@Example.com", SuppressionReason.HARD_BOUNCE,
        "550 5.1.1 no such user", T0, null);
    Suppression acme = new Suppression(SuppressionScope.account("acme"), "reader@example.com",
        SuppressionReason.UNSUBSCRIBE, "", T0, T0.plusSeconds(86400));
    store.putSuppression(global);
    store.putSuppression(acme);

    assertThat(store.findSuppression(SuppressionScope.GLOBAL, "GONE@example.COM")).contains(global);
    assertThat(store.findSuppression(SuppressionScope.account("acme"), "reader@example.com")).contains(acme);
    assertThat(store.findSuppression(SuppressionScope.GLOBAL, "reader@example.com")).isEmpty();
    assertThat(store.findSuppression(SuppressionScope.account("other"), "gone@example.com")).isEmpty();
  }

  @Test
  void puttingASuppressionAgainReplacesItAndDeletingRemovesIt() {
    SuppressionScope acme = SuppressionScope.account("acme");
    store.putSuppression(new Suppression(acme, "b@example.com", SuppressionReason.MANUAL, "first", T0, null));
    store.putSuppression(new Suppression(acme, "a@example.com", SuppressionReason.MANUAL, "", T0, null));
    Suppression again = new Suppression(acme, "b@example.com", SuppressionReason.COMPLAINT, "second",
        T0.plusSeconds(5), T0.plusSeconds(60));
    store.putSuppression(again);

    assertThat(store.listSuppressions(acme)).extracting(Suppression::address)
        .containsExactly("a@example.com", "b@example.com");
    assertThat(store.findSuppression(acme, "b@example.com")).contains(again);
    assertThat(store.listSuppressions(SuppressionScope.GLOBAL)).isEmpty();

    assertThat(store.deleteSuppression(acme, "B@example.com")).isTrue();
    assertThat(store.deleteSuppression(acme, "b@example.com")).isFalse();
    assertThat(store.listSuppressions(acme)).extracting(Suppression::address).containsExactly("a@example.com");
  }

  @Test
  void suppressionsComeInPagesByAddress() {
    SuppressionScope acme = SuppressionScope.account("acme");
    for (String a : List.of("d@example.com", "a@example.com", "c@example.com", "b@example.com", "e@example.com")) {
      store.putSuppression(new Suppression(acme, a, SuppressionReason.MANUAL, "", T0, null));
    }
    store.putSuppression(new Suppression(SuppressionScope.GLOBAL, "0@example.com", SuppressionReason.MANUAL, "", T0,
        null));

    assertThat(store.listSuppressions(acme, null, 2)).extracting(Suppression::address)
        .containsExactly("a@example.com", "b@example.com");
    assertThat(store.listSuppressions(acme, "B@example.com", 2)).extracting(Suppression::address)
        .containsExactly("c@example.com", "d@example.com");
    assertThat(store.listSuppressions(acme, "d@example.com", 2)).extracting(Suppression::address)
        .containsExactly("e@example.com");
    assertThat(store.listSuppressions(acme, "e@example.com", 2)).isEmpty();
  }

  @Test
  void anUnsubscribeMailboxIsStoredOnceAndFoundById() {
    acme();
    UnsubscribeMailbox first = new UnsubscribeMailbox("aaaabbbbccccddddeeeeffff", "acme", "reader@example.com", T0);
    store.insertUnsubscribeMailboxes(List.of(first,
        new UnsubscribeMailbox("222233334444555566667777", "acme", "other@example.com", T0)));
    store.insertUnsubscribeMailboxes(List.of(
        new UnsubscribeMailbox("aaaabbbbccccddddeeeeffff", "acme", "reader@example.com", T0.plusSeconds(60))));

    assertThat(store.findUnsubscribeMailbox("aaaabbbbccccddddeeeeffff")).contains(first);
    assertThat(store.findUnsubscribeMailbox("222233334444555566667777").orElseThrow().address())
        .isEqualTo("other@example.com");
    assertThat(store.findUnsubscribeMailbox("zzzzbbbbccccddddeeeeffff")).isEmpty();
  }

  @Test
  void unsubscribeMailboxesOfAMissingAccountAreSkippedAndGoWithTheirAccount() {
    acme();
    store.insertUnsubscribeMailboxes(List.of(
        new UnsubscribeMailbox("aaaabbbbccccddddeeeeffff", "acme", "reader@example.com", T0),
        new UnsubscribeMailbox("222233334444555566667777", "ghost", "reader@example.com", T0)));

    assertThat(store.findUnsubscribeMailbox("aaaabbbbccccddddeeeeffff")).isPresent();
    assertThat(store.findUnsubscribeMailbox("222233334444555566667777")).isEmpty();
    store.deleteAccount("acme");
    assertThat(store.findUnsubscribeMailbox("aaaabbbbccccddddeeeeffff")).isEmpty();
  }

  @Test
  void concurrentWritersAndReadersDoNotLoseUpdates() throws Exception {
    acme();
    store.insertCredential(new Credential("app", "acme", "h", T0));
    int threads = 16;
    int each = 50;
    List<Future<?>> done = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            store.addUsage("acme", Map.of(UsageWindow.HOUR, Map.of(T0, 1L)));
            assertThat(store.findLogin("app")).isPresent();
          }
          return null;
        }));
      }
      for (Future<?> f : done) f.get();
    }

    assertThat(store.usage("acme", UsageWindow.HOUR, T0)).isEqualTo((long) threads * each);
  }
}
