package dev.outpost.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.SuppressionConfig;
import dev.outpost.bounce.BounceCategory;
import dev.outpost.config.AuthMode;
import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.EventSink;
import dev.outpost.policy.Decision;
import dev.outpost.policy.SessionFacts;
import dev.outpost.policy.SessionPolicy;
import dev.outpost.policy.SuppressionMatch;
import dev.outpost.smtp.Replies;
import dev.outpost.unsubscribe.UnsubscribeMailboxPolicy;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.store.StateStore;
import dev.outpost.testkit.ManualClock;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuppressionPolicyTest {
  private static final Instant T0 = Instant.parse("2030-01-15T10:00:00Z");
  private static final SessionPolicy ACCEPT_ALL = new SessionPolicy() {
    @Override
    public Decision checkSender(SessionFacts facts, String sender) {
      return Decision.ACCEPT;
    }

    @Override
    public Decision checkRecipient(SessionFacts facts, String recipient, int acceptedSoFar) {
      return Decision.ACCEPT;
    }
  };

  @TempDir Path dir;
  private StateStore store;
  private ManualClock clock;
  private SuppressionList list;
  private SuppressionPolicy policy;

  @BeforeEach
  void open() {
    store = SqliteStateStore.open(dir);
    clock = new ManualClock(T0);
    list = new SuppressionList(store, clock, Duration.ofSeconds(30));
    policy = new SuppressionPolicy(ACCEPT_ALL, list, SuppressionConfig.Action.REFUSE, EventSink.NONE, clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static SessionFacts facts(boolean trusted, String account) throws Exception {
    return new SessionFacts(InetAddress.getLoopbackAddress(), trusted, AuthMode.OPTIONAL, true, account);
  }

  private void suppress(SuppressionScope scope, String address, SuppressionReason reason, Instant expiresAt) {
    list.put(new Suppression(scope, address, reason, "", T0, expiresAt));
  }

  @Test
  void anAccountIsHeldToItsOwnListAndTheGlobalOneButNotToAnotherAccounts() throws Exception {
    suppress(SuppressionScope.account("acme"), "reader@example.test", SuppressionReason.UNSUBSCRIBE, null);
    suppress(SuppressionScope.GLOBAL, "gone@example.test", SuppressionReason.HARD_BOUNCE, null);

    assertThat(policy.checkRecipient(facts(false, "acme"), "reader@example.test", 0))
        .isEqualTo(new Decision.Reject(Replies.suppressed("reader@example.test", "acme", "unsubscribe")));
    assertThat(policy.checkRecipient(facts(false, "acme"), "gone@example.test", 0))
        .isEqualTo(new Decision.Reject(Replies.suppressed("gone@example.test", "global", "hard_bounce")));
    assertThat(policy.checkRecipient(facts(false, "other"), "reader@example.test", 0)).isEqualTo(Decision.ACCEPT);
  }

  @Test
  void theEntryThatAppliesIsNamedWhateverTheAction() throws Exception {
    suppress(SuppressionScope.account("acme"), "reader@example.test", SuppressionReason.UNSUBSCRIBE, null);
    suppress(SuppressionScope.GLOBAL, "gone@example.test", SuppressionReason.HARD_BOUNCE, null);
    List<DeliveryEvent> recorded = new ArrayList<>();
    var dropping = new ComplaintsMailboxPolicy(
        new SuppressionPolicy(ACCEPT_ALL, list, SuppressionConfig.Action.DROP, recorded::add, clock),
        new ComplaintIntake("abuse@outpost.test", list, null, clock, EventSink.NONE));
    var unsubscribing = new UnsubscribeMailboxPolicy(dropping, null);

    for (SessionPolicy p : List.of(policy, dropping, unsubscribing)) {
      assertThat(p.suppression(facts(false, "acme"), "Reader@Example.test"))
          .contains(new SuppressionMatch("acme", "unsubscribe"));
      assertThat(p.suppression(facts(false, "acme"), "gone@example.test"))
          .contains(new SuppressionMatch("global", "hard_bounce"));
      assertThat(p.suppression(facts(false, "other"), "reader@example.test")).isEmpty();
    }
    assertThat(recorded).extracting(DeliveryEvent::type).containsOnly(DeliveryEvent.Type.SUPPRESSED).hasSize(4);
  }

  @Test
  void trustedNetworksAreHeldToTheGlobalListAndInboundMailToNone() throws Exception {
    suppress(SuppressionScope.account("acme"), "reader@example.test", SuppressionReason.UNSUBSCRIBE, null);
    suppress(SuppressionScope.GLOBAL, "gone@example.test", SuppressionReason.HARD_BOUNCE, null);

    assertThat(policy.checkRecipient(facts(true, null), "reader@example.test", 0)).isEqualTo(Decision.ACCEPT);
    assertThat(policy.checkRecipient(facts(true, null), "gone@example.test", 0))
        .isInstanceOf(Decision.Reject.class);
    assertThat(policy.checkRecipient(facts(false, null), "gone@example.test", 0)).isEqualTo(Decision.ACCEPT);
  }

  @Test
  void anExpiredEntryNoLongerApplies() throws Exception {
    suppress(SuppressionScope.GLOBAL, "reader@example.test", SuppressionReason.COMPLAINT, T0.plusSeconds(60));

    assertThat(policy.checkRecipient(facts(true, null), "reader@example.test", 0)).isInstanceOf(Decision.Reject.class);
    clock.advance(Duration.ofSeconds(60));
    assertThat(policy.checkRecipient(facts(true, null), "reader@example.test", 0)).isEqualTo(Decision.ACCEPT);
  }

  @Test
  void anotherProcessesChangeIsSeenOnceTheCachedAnswerIsOld() throws Exception {
    assertThat(list.find("new@example.test", List.of(SuppressionScope.GLOBAL))).isEmpty();
    store.putSuppression(new Suppression(SuppressionScope.GLOBAL, "new@example.test", SuppressionReason.MANUAL, "",
        T0, null));

    assertThat(list.find("new@example.test", List.of(SuppressionScope.GLOBAL))).isEmpty();
    clock.advance(Duration.ofSeconds(30));
    assertThat(list.find("new@example.test", List.of(SuppressionScope.GLOBAL))).isPresent();
  }

  @Test
  void onlyUnknownUsersAndDomainsAreSuppressedAfterAHardBounce() {
    list.suppressHardBounce("User@example.test", BounceCategory.UNKNOWN_USER, "550 5.1.1 no such user");
    list.suppressHardBounce("x@nxdomain.test", BounceCategory.DNS, "no such domain");
    list.suppressHardBounce("y@example.test", BounceCategory.RELAY_DENIED, "554 5.7.1 relay access denied");

    assertThat(store.listSuppressions(SuppressionScope.GLOBAL)).containsExactly(
        new Suppression(SuppressionScope.GLOBAL, "user@example.test", SuppressionReason.HARD_BOUNCE,
            "550 5.1.1 no such user", T0, null),
        new Suppression(SuppressionScope.GLOBAL, "x@nxdomain.test", SuppressionReason.HARD_BOUNCE, "no such domain",
            T0, null));
  }
}
