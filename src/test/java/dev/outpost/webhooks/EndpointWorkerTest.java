package dev.outpost.webhooks;

import static dev.outpost.events.DeliveryEvent.Type.BOUNCED;
import static dev.outpost.events.DeliveryEvent.Type.DEFERRED;
import static dev.outpost.events.DeliveryEvent.Type.DELIVERED;
import static dev.outpost.events.DeliveryEvent.Type.QUEUED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.accounts.Account;
import dev.outpost.accounts.AccountLimits;
import dev.outpost.bounce.BounceCategory;
import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.DeliveryEvent.Type;
import dev.outpost.events.EventJson;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.testkit.ManualClock;
import dev.outpost.webhooks.WebhookDelivery.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One webhook's delivery, step by step under a manual clock, against a real receiver on
 * loopback and the real state database: batches, order, retries with backoff, giving up after
 * max_age, filters.
 */
class EndpointWorkerTest {
  private static final Instant T0 = Instant.parse("2030-01-15T10:00:00Z");
  private static final String SECRET = "whsec_worker-test";
  private static final EndpointWorker.Delivery SETTINGS = new EndpointWorker.Delivery(
      new Backoff(Duration.ofSeconds(10), Duration.ofHours(1)), Duration.ofHours(24), 3, Duration.ofSeconds(30));

  @TempDir Path dir;
  private SqliteStateStore state;
  private ManualClock clock;
  private WebhookReceiver receiver;
  private WebhookSender sender;
  private final AtomicInteger deliveryIds = new AtomicInteger();

  @BeforeEach
  void open() throws Exception {
    state = SqliteStateStore.open(dir);
    for (String name : List.of("acme", "other")) {
      state.insertAccount(new Account(name, true, null, AccountLimits.UNLIMITED, true, null, T0));
    }
    clock = new ManualClock(T0);
    receiver = WebhookReceiver.start(clock);
    sender = new WebhookSender(Duration.ofSeconds(5), clock, "Outpost/test");
  }

  @AfterEach
  void close() {
    sender.close();
    receiver.close();
    state.close();
  }

  private EndpointWorker worker(Set<Type> types) {
    Webhook webhook = state.webhooks().insert(new Webhook("wh_1", "acme", receiver.url("/hooks/outpost"), types,
        null, SECRET, T0, DeliveryState.after(0)));
    receiver.trust("wh_1", SECRET);
    return new EndpointWorker(webhook, state.webhooks(), state.events(), sender, SETTINGS, clock, new Random(1),
        () -> "dl_" + deliveryIds.incrementAndGet());
  }

  private List<Long> append(String account, Type type, int n) {
    List<DeliveryEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(DeliveryEvent.of(type, clock.instant()).queueId("Q" + i).recipient("r" + i + "@example.net")
          .account(account).build());
    }
    return state.events().append(events).stream().map(DeliveryEvent::id).toList();
  }

  private List<Long> receivedIds() {
    return receiver.events().stream().map(e -> e.get("id").asLong()).toList();
  }

  private DeliveryState stored() {
    return state.webhooks().find("wh_1").orElseThrow().state();
  }

  @Test
  void eventsGoInBatchesInOrderAndTheCursorFollows() {
    EndpointWorker worker = worker(Set.of());
    List<Long> acme = append("acme", QUEUED, 4);
    append("other", QUEUED, 2);
    acme = new ArrayList<>(acme);
    acme.addAll(append("acme", DELIVERED, 3));
    assertThat(worker.backlog()).isEqualTo(7);

    assertThat(worker.step()).isEqualTo(T0);
    assertThat(worker.backlog()).isEqualTo(4);
    assertThat(worker.step()).isEqualTo(T0);
    assertThat(worker.step()).isEqualTo(T0);
    assertThat(worker.step()).isNull();

    assertThat(receivedIds()).containsExactlyElementsOf(acme);
    assertThat(receiver.deliveries()).extracting(d -> d.events().size()).containsExactly(3, 3, 1);
    assertThat(receiver.refused()).isEmpty();
    assertThat(stored()).isEqualTo(DeliveryState.after(acme.get(6)));
    assertThat(worker.backlog()).isZero();
    List<WebhookDelivery> log = state.webhooks().deliveries("wh_1", 10);
    assertThat(log).extracting(WebhookDelivery::outcome).containsOnly(Outcome.DELIVERED);
    assertThat(log).extracting(WebhookDelivery::eventCount).containsExactlyInAnyOrder(3, 3, 1);
    assertThat(log).extracting(WebhookDelivery::httpStatus).containsOnly(200);
    assertThat(log).allSatisfy(e -> {
      assertThat(e.attempt()).isEqualTo(1);
      assertThat(e.error()).isNull();
      assertThat(e.nextRetryAt()).isNull();
    });
    assertThat(receiver.deliveries().get(0).deliveryId()).isEqualTo("dl_1");
  }

  @Test
  void theBodyCarriesTheIdsAndEachEventAsTheEventApiWritesIt() throws Exception {
    EndpointWorker worker = worker(Set.of());
    DeliveryEvent bounced = new DeliveryEvent(0, T0.plusMillis(250), BOUNCED, "38GNZ8XGC0000SZG", "Gone@Example.NET",
        "news@acme.example", "acme", "spring-sale", "mx.example.net[192.0.2.25]:25", "550 5.1.1 no such user",
        "5.1.1", BounceCategory.UNKNOWN_USER, "198.51.100.7", "google", null);
    long id = state.events().append(List.of(bounced)).get(0).id();

    worker.step();

    WebhookReceiver.Delivery delivery = receiver.deliveries().get(0);
    assertThat(delivery.body().get("webhook_id").asText()).isEqualTo("wh_1");
    assertThat(delivery.body().get("delivery_id").asText()).isEqualTo("dl_1");
    assertThat(delivery.body().has("test")).isFalse();
    // The fields and their names are EventJsonTest's to check; here, that nothing is lost on the way.
    assertThat(delivery.events()).hasSize(1);
    assertThat(delivery.events().get(0).toString())
        .isEqualTo(new ObjectMapper().writeValueAsString(EventJson.of(bounced.withId(id))));
  }

  @Test
  void aFailureKeepsTheCursorAndTheSameEventsGoAgainAfterTheBackoff() {
    EndpointWorker worker = worker(Set.of());
    List<Long> ids = append("acme", QUEUED, 2);
    receiver.answer(503);

    Instant retry = worker.step();
    assertThat(retry).isBetween(T0.plusSeconds(5), T0.plusSeconds(10));
    assertThat(stored()).isEqualTo(new DeliveryState(0, 1, retry));
    WebhookDelivery failed = state.webhooks().deliveries("wh_1", 1).get(0);
    assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(failed.httpStatus()).isEqualTo(503);
    assertThat(failed.error()).isEqualTo("HTTP 503: try later");
    assertThat(failed.attempt()).isEqualTo(1);
    assertThat(failed.nextRetryAt()).isEqualTo(retry);
    assertThat(failed.firstEventId()).isEqualTo(ids.get(0));
    assertThat(failed.lastEventId()).isEqualTo(ids.get(1));

    // Not yet due: nothing is sent, even though more events came.
    append("acme", QUEUED, 1);
    assertThat(worker.step()).isEqualTo(retry);
    assertThat(receiver.requests()).isEqualTo(1);

    clock.set(retry);
    Instant second = worker.step();
    assertThat(second).isBetween(retry.plusSeconds(10), retry.plusSeconds(20));
    assertThat(state.webhooks().deliveries("wh_1", 1).get(0).attempt()).isEqualTo(2);

    receiver.answer(200);
    clock.set(second);
    assertThat(worker.step()).isEqualTo(second);
    assertThat(state.webhooks().deliveries("wh_1", 1).get(0)).satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(e.attempt()).isEqualTo(3);
      assertThat(e.eventCount()).isEqualTo(3);
    });
    assertThat(stored().failures()).isZero();
    assertThat(receiver.deliveries()).hasSize(1);
    assertThat(receivedIds()).startsWith(ids.get(0), ids.get(1)).hasSize(3);
  }

  @Test
  void eventsStillFailingAfterMaxAgeAreSkippedAndYoungerOnesRetried() {
    EndpointWorker worker = worker(Set.of());
    List<Long> old = append("acme", QUEUED, 2);
    clock.advance(Duration.ofHours(23));
    long young = append("acme", QUEUED, 1).get(0);
    receiver.answer(503);
    clock.advance(Duration.ofHours(1).plusSeconds(1));
    Instant now = clock.instant();

    assertThat(worker.step()).isEqualTo(now);
    WebhookDelivery skipped = state.webhooks().deliveries("wh_1", 1).get(0);
    assertThat(skipped.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(skipped.firstEventId()).isEqualTo(old.get(0));
    assertThat(skipped.lastEventId()).isEqualTo(old.get(1));
    assertThat(skipped.eventCount()).isEqualTo(2);
    assertThat(skipped.httpStatus()).isEqualTo(503);
    assertThat(skipped.nextRetryAt()).isNull();
    assertThat(stored()).isEqualTo(new DeliveryState(old.get(1), 1, null));

    // The young event alone now; it fails with the backoff this endpoint has earned.
    Instant retry = worker.step();
    assertThat(retry).isBetween(now.plusSeconds(10), now.plusSeconds(20));
    assertThat(state.webhooks().deliveries("wh_1", 1).get(0).outcome()).isEqualTo(Outcome.FAILED);

    receiver.answer(200);
    clock.set(retry);
    worker.step();
    assertThat(receivedIds()).containsExactly(young);
  }

  @Test
  void onlyTheAccountsEventsOfTheChosenTypesAreSent() {
    EndpointWorker worker = worker(Set.of(DELIVERED, BOUNCED));
    append("acme", QUEUED, 2);
    List<Long> delivered = append("acme", DELIVERED, 1);
    append("other", BOUNCED, 1);
    append("acme", DEFERRED, 1);
    List<Long> bounced = append("acme", BOUNCED, 1);
    long newest = append(null, DELIVERED, 1).get(0);
    assertThat(worker.backlog()).isEqualTo(2);

    worker.step();
    assertThat(worker.step()).isNull();

    assertThat(receivedIds()).containsExactly(delivered.get(0), bounced.get(0));
    assertThat(receiver.events()).extracting(e -> e.get("type").asText()).containsExactly("delivered", "bounced");
    // The whole batch held everything wanted up to the newest event: the cursor passes the rest.
    assertThat(stored().lastEventId()).isEqualTo(newest);
  }

  @Test
  void aLookThatFindsNothingWantedMovesPastWhatItSawWithoutWriting() {
    EndpointWorker worker = worker(Set.of(BOUNCED));
    long newest = append("acme", DELIVERED, 5).get(4);

    assertThat(worker.step()).isNull();

    assertThat(worker.webhook().state().lastEventId()).isEqualTo(newest);
    assertThat(stored().lastEventId()).isZero();
    assertThat(receiver.requests()).isZero();
    long bounce = append("acme", BOUNCED, 1).get(0);
    worker.step();
    assertThat(receivedIds()).containsExactly(bounce);
    assertThat(stored().lastEventId()).isEqualTo(bounce);
  }

  @Test
  void aWebhookDeletedWhileItsPostWasOnTheWayIsNotRecordedAgain() {
    EndpointWorker worker = worker(Set.of());
    append("acme", QUEUED, 1);
    state.webhooks().delete("wh_1");

    assertThat(worker.step()).isNull();
    assertThat(state.webhooks().deliveries("wh_1", 10)).isEmpty();
  }
}
