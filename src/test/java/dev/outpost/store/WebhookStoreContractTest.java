package dev.outpost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.accounts.Account;
import dev.outpost.accounts.AccountLimits;
import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.DeliveryEvent.Type;
import dev.outpost.events.EventStore;
import dev.outpost.webhooks.DeliveryState;
import dev.outpost.webhooks.Webhook;
import dev.outpost.webhooks.WebhookDelivery;
import dev.outpost.webhooks.WebhookDelivery.Outcome;
import dev.outpost.webhooks.WebhookStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WebhookStore} must do, beside the {@link StateStore} that holds the accounts
 * and the {@link EventStore} whose events the webhooks read. {@link SqliteWebhookStoreTest} now, a
 * PostgreSQL one later, each with fresh, empty stores per test.
 */
public abstract class WebhookStoreContractTest {
  protected static final Instant T0 = Instant.parse("2030-01-15T10:00:00Z");

  /** Opens new, empty stores, which the three accessors below then return. */
  protected abstract void openEmptyStores();

  protected abstract void closeStores();

  protected abstract StateStore state();

  protected abstract EventStore events();

  protected abstract WebhookStore webhooks();

  @BeforeEach
  void open() {
    openEmptyStores();
    for (String name : List.of("acme", "other")) {
      state().insertAccount(new Account(name, true, null, AccountLimits.UNLIMITED, true, null, T0));
    }
  }

  @AfterEach
  void close() {
    closeStores();
  }

  private static Webhook webhook(String id, String account, Set<Type> types) {
    return new Webhook(id, account, URI.create("https://hooks.example/" + id), types, "for " + id, "whsec_" + id,
        T0, DeliveryState.after(0));
  }

  private long appendEvent() {
    return events().append(List.of(DeliveryEvent.of(Type.DELIVERED, T0).account("acme").build())).get(0).id();
  }

  private static WebhookDelivery entry(String id, String webhookId, Instant at, Outcome outcome, long first,
      long last, Integer status, Instant nextRetry) {
    return new WebhookDelivery(id, webhookId, at, outcome, first, last, (int) (last - first + 1), status,
        status == null ? "connection refused" : null, Duration.ofMillis(42), 3, nextRetry);
  }

  @Test
  void aNewWebhookReadsBackAndStartsAfterTheNewestEvent() {
    appendEvent();
    long newest = appendEvent();

    Webhook stored = webhooks().insert(webhook("wh_1", "acme", Set.of(Type.BOUNCED, Type.DELIVERED))
        .withState(new DeliveryState(0, 7, T0)));

    assertThat(stored.state()).isEqualTo(DeliveryState.after(newest));
    assertThat(webhooks().find("wh_1")).contains(stored);
    assertThat(stored).usingRecursiveComparison().ignoringFields("state")
        .isEqualTo(webhook("wh_1", "acme", Set.of(Type.DELIVERED, Type.BOUNCED)));
    assertThat(webhooks().find("wh_nothing")).isEmpty();
  }

  @Test
  void withNoEventsYetTheCursorStartsAtZeroAndEveryTypeIsAnEmptySet() {
    Webhook stored = webhooks().insert(new Webhook("wh_1", "acme", URI.create("http://127.0.0.1:9/x"), Set.of(), null,
        "s", T0, DeliveryState.after(99)));

    assertThat(stored.state().lastEventId()).isZero();
    assertThat(stored.eventTypes()).isEmpty();
    assertThat(stored.description()).isNull();
  }

  @Test
  void anUnknownAccountOrATakenIdIsAConflict() {
    assertThatThrownBy(() -> webhooks().insert(webhook("wh_1", "nobody", Set.of())))
        .isInstanceOf(StoreConflictException.class);
    webhooks().insert(webhook("wh_1", "acme", Set.of()));
    assertThatThrownBy(() -> webhooks().insert(webhook("wh_1", "other", Set.of())))
        .isInstanceOf(StoreConflictException.class);
  }

  @Test
  void listsAreByAccountOrAllOldestFirst() {
    webhooks().insert(webhook("wh_b", "acme", Set.of()));
    webhooks().insert(webhook("wh_c", "other", Set.of()));
    webhooks().insert(webhook("wh_a", "acme", Set.of()));

    assertThat(webhooks().list("acme")).extracting(Webhook::id).containsExactly("wh_a", "wh_b");
    assertThat(webhooks().list(null)).extracting(Webhook::id).containsExactly("wh_a", "wh_b", "wh_c");
    assertThat(webhooks().list("nobody")).isEmpty();
  }

  @Test
  void anAttemptIsLoggedAndMovesTheStateInOneGo() {
    webhooks().insert(webhook("wh_1", "acme", Set.of()));
    Instant retry = T0.plusSeconds(20);

    assertThat(webhooks().record(entry("dl_1", "wh_1", T0, Outcome.FAILED, 1, 5, 503, retry),
        new DeliveryState(0, 1, retry))).isTrue();
    assertThat(webhooks().record(entry("dl_2", "wh_1", T0.plusSeconds(20), Outcome.FAILED, 1, 5, null, null),
        new DeliveryState(0, 2, T0.plusSeconds(60)))).isTrue();
    assertThat(webhooks().record(entry("dl_3", "wh_1", T0.plusSeconds(60), Outcome.DELIVERED, 1, 5, 204, null),
        DeliveryState.after(5))).isTrue();

    assertThat(webhooks().find("wh_1").orElseThrow().state()).isEqualTo(DeliveryState.after(5));
    List<WebhookDelivery> log = webhooks().deliveries("wh_1", 10);
    assertThat(log).extracting(WebhookDelivery::id).containsExactly("dl_3", "dl_2", "dl_1");
    assertThat(log.get(2)).isEqualTo(entry("dl_1", "wh_1", T0, Outcome.FAILED, 1, 5, 503, retry));
    assertThat(log.get(1).httpStatus()).isNull();
    assertThat(log.get(1).error()).isEqualTo("connection refused");
    assertThat(webhooks().deliveries("wh_1", 1)).extracting(WebhookDelivery::id).containsExactly("dl_3");
  }

  @Test
  void aTestIsLoggedWithoutChangingTheState() {
    webhooks().insert(webhook("wh_1", "acme", Set.of()));
    webhooks().record(entry("dl_1", "wh_1", T0, Outcome.FAILED, 1, 1, 500, T0), new DeliveryState(0, 1, T0));

    assertThat(webhooks().record(new WebhookDelivery("dl_2", "wh_1", T0.plusSeconds(1), Outcome.TEST, 0, 0, 0, 200,
        null, Duration.ofMillis(3), 1, null), null)).isTrue();

    assertThat(webhooks().find("wh_1").orElseThrow().state()).isEqualTo(new DeliveryState(0, 1, T0));
    assertThat(webhooks().deliveries("wh_1", 10).get(0).outcome()).isEqualTo(Outcome.TEST);
  }

  @Test
  void aDeletedWebhookTakesItsLogAndGetsNoMoreEntries() {
    webhooks().insert(webhook("wh_1", "acme", Set.of()));
    webhooks().record(entry("dl_1", "wh_1", T0, Outcome.DELIVERED, 1, 1, 200, null), DeliveryState.after(1));

    assertThat(webhooks().delete("wh_1")).isTrue();
    assertThat(webhooks().delete("wh_1")).isFalse();
    assertThat(webhooks().find("wh_1")).isEmpty();
    assertThat(webhooks().deliveries("wh_1", 10)).isEmpty();
    assertThat(webhooks().record(entry("dl_2", "wh_1", T0, Outcome.DELIVERED, 2, 2, 200, null),
        DeliveryState.after(2))).isFalse();
    assertThat(webhooks().record(entry("dl_3", "wh_1", T0, Outcome.TEST, 0, 0, 200, null), null)).isFalse();
  }

  @Test
  void deletingTheAccountDeletesItsWebhooks() {
    webhooks().insert(webhook("wh_1", "acme", Set.of()));
    webhooks().insert(webhook("wh_2", "other", Set.of()));

    state().deleteAccount("acme");

    assertThat(webhooks().list(null)).extracting(Webhook::id).containsExactly("wh_2");
  }

  @Test
  void thePurgeDeletesOldLogEntriesOfEveryWebhook() {
    webhooks().insert(webhook("wh_1", "acme", Set.of()));
    webhooks().insert(webhook("wh_2", "other", Set.of()));
    webhooks().record(entry("dl_1", "wh_1", T0, Outcome.DELIVERED, 1, 1, 200, null), DeliveryState.after(1));
    webhooks().record(entry("dl_2", "wh_2", T0.plusSeconds(1), Outcome.DELIVERED, 2, 2, 200, null),
        DeliveryState.after(2));
    webhooks().record(entry("dl_3", "wh_1", T0.plusSeconds(2), Outcome.DELIVERED, 3, 3, 200, null),
        DeliveryState.after(3));

    assertThat(webhooks().purgeDeliveriesBefore(T0.plusSeconds(2))).isEqualTo(2);

    assertThat(webhooks().deliveries("wh_1", 10)).extracting(WebhookDelivery::id).containsExactly("dl_3");
    assertThat(webhooks().deliveries("wh_2", 10)).isEmpty();
  }
}
