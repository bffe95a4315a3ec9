package dev.outpost.store;

import static dev.outpost.events.DeliveryEvent.Type.BOUNCED;
import static dev.outpost.events.DeliveryEvent.Type.COMPLAINED;
import static dev.outpost.events.DeliveryEvent.Type.DEFERRED;
import static dev.outpost.events.DeliveryEvent.Type.DELIVERED;
import static dev.outpost.events.DeliveryEvent.Type.QUEUED;
import static dev.outpost.events.DeliveryEvent.Type.RECEIVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.bounce.BounceCategory;
import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.DeliveryEvent.Type;
import dev.outpost.events.EventPage;
import dev.outpost.events.EventQuery;
import dev.outpost.events.EventStore;
import dev.outpost.events.InvalidQueryException;
import dev.outpost.events.StatsQuery;
import dev.outpost.events.StatsQuery.Granularity;
import dev.outpost.events.StatsQuery.GroupBy;
import dev.outpost.events.StatsReport;
import dev.outpost.events.StatsRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventStore} must do. Each implementation extends this with a fresh, empty
 * store per test: {@link SqliteEventStoreTest} now, a PostgreSQL one later.
 */
public abstract class EventStoreContractTest {
  /** An hour boundary, so that bucket arithmetic is easy to follow. */
  protected static final Instant T0 = Instant.parse("2030-01-15T10:00:00Z");

  /** A new, empty store. */
  protected abstract EventStore store();

  private static DeliveryEvent.Builder event(Type type, Instant at) {
    return DeliveryEvent.of(type, at);
  }

  private static DeliveryEvent delivered(String recipient, String account, String campaign, Instant at) {
    return event(DELIVERED, at).queueId("Q-" + recipient).recipient(recipient).account(account)
        .campaign(campaign).remote("mx.example.net[192.0.2.25]:25", "250 2.0.0 ok", "2.0.0")
        .via("google", "198.51.100.7").build();
  }

  @Test
  void anAppendedEventReadsBackWithEveryFieldAndAnId() {
    DeliveryEvent bounced = new DeliveryEvent(0, T0.plusMillis(123), BOUNCED, "38GNZ8XGC0000SZG", "Gone@Example.NET",
        "news@shop.example", "acme", "spring-sale", "mx.example.net[192.0.2.25]:25", "550 5.1.1 no such user",
        "5.1.1", BounceCategory.UNKNOWN_USER, "198.51.100.7", "google", null);

    List<DeliveryEvent> stored = store().append(List.of(bounced));

    DeliveryEvent read = store().find(EventQuery.all()).events().get(0);
    assertThat(read).isEqualTo(stored.get(0));
    assertThat(read.id()).isPositive();
    assertThat(read).usingRecursiveComparison().ignoringFields("id").isEqualTo(bounced);
    assertThat(read.recipient()).isEqualTo("gone@example.net");
    assertThat(read.recipientDomain()).isEqualTo("example.net");
    assertThat(store().find(EventQuery.all().withRecipient("GONE@example.net")).events()).containsExactly(read);
    assertThat(read.advice()).isEqualTo(BounceCategory.UNKNOWN_USER.advice());
  }

  @Test
  void idsIncreaseInTheOrderGivenAcrossBatches() {
    List<DeliveryEvent> first = store().append(List.of(event(RECEIVED, T0).build(), event(QUEUED, T0).build()));
    List<DeliveryEvent> second = store().append(List.of(event(DELIVERED, T0).build()));

    assertThat(first.get(1).id()).isGreaterThan(first.get(0).id());
    assertThat(second.get(0).id()).isGreaterThan(first.get(1).id());
    assertThat(store().find(EventQuery.all()).events()).extracting(DeliveryEvent::type)
        .containsExactly(DELIVERED, QUEUED, RECEIVED);
  }

  @Test
  void idsAreNotReusedAfterEverythingWasPurged() {
    long last = store().append(List.of(event(RECEIVED, T0).build())).get(0).id();
    store().purgeBefore(T0.plusSeconds(1));

    assertThat(store().append(List.of(event(RECEIVED, T0.plusSeconds(2)).build())).get(0).id()).isGreaterThan(last);
  }

  @Test
  void aCursorWalksEveryEventOnceNewestFirstAndTheLastPageHasNoCursor() {
    appendNumbered(25);

    List<String> seen = new ArrayList<>();
    EventQuery query = EventQuery.all().withLimit(10);
    List<Integer> sizes = new ArrayList<>();
    while (true) {
      EventPage page = store().find(query);
      sizes.add(page.events().size());
      page.events().forEach(e -> seen.add(e.recipient()));
      if (page.nextCursor() == null) break;
      query = query.withCursor(page.nextCursor());
    }

    assertThat(sizes).containsExactly(10, 10, 5);
    assertThat(seen).containsExactlyElementsOf(IntStream.range(0, 25).map(i -> 24 - i).mapToObj(i -> "r" + i + "@example.com").toList());
  }

  @Test
  void oldestFirstTheCursorAlwaysComesBackAndLaterEventsFollowOnTheNextPage() {
    appendNumbered(3);

    EventPage first = store().find(EventQuery.all().withOrder(EventQuery.Order.OLDEST_FIRST).withLimit(10));
    assertThat(first.events()).extracting(DeliveryEvent::recipient)
        .containsExactly("r0@example.com", "r1@example.com", "r2@example.com");
    assertThat(first.nextCursor()).isNotNull();

    EventQuery next = EventQuery.all().withOrder(EventQuery.Order.OLDEST_FIRST).withCursor(first.nextCursor());
    EventPage empty = store().find(next);
    assertThat(empty.events()).isEmpty();
    assertThat(empty.nextCursor()).isEqualTo(first.nextCursor());

    store().append(List.of(event(DELIVERED, T0.plusSeconds(60)).recipient("later@example.com").build()));
    assertThat(store().find(next).events()).extracting(DeliveryEvent::recipient).containsExactly("later@example.com");
  }

  private void appendNumbered(int n) {
    List<DeliveryEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) events.add(event(QUEUED, T0.plusSeconds(i)).recipient("r" + i + "@example.com").build());
    store().append(events);
  }

  @Test
  void everyFilterNarrowsAndTheyCombine() {
    store().append(List.of(
        event(RECEIVED, T0).queueId("Q1").account("acme").campaign("c1").build(),
        event(QUEUED, T0).queueId("Q1").recipient("a@x.example").account("acme").campaign("c1").build(),
        event(DEFERRED, T0.plusSeconds(60)).queueId("Q1").recipient("a@x.example").account("acme").campaign("c1").build(),
        event(DELIVERED, T0.plusSeconds(120)).queueId("Q1").recipient("a@x.example").account("acme").campaign("c1").build(),
        event(QUEUED, T0).queueId("Q2").recipient("b@y.example").account("other").build(),
        event(BOUNCED, T0.plusSeconds(180)).queueId("Q2").recipient("b@y.example").account("other").build()));

    assertThat(types(EventQuery.all().withQueueId("Q1"))).containsExactly(DELIVERED, DEFERRED, QUEUED, RECEIVED);
    assertThat(types(EventQuery.all().withRecipient("b@y.example"))).containsExactly(BOUNCED, QUEUED);
    assertThat(types(EventQuery.all().withCampaign("c1"))).hasSize(4);
    assertThat(types(EventQuery.all().withAccount("other"))).containsExactly(BOUNCED, QUEUED);
    assertThat(types(EventQuery.all().withTypes(Set.of(BOUNCED, DEFERRED)))).containsExactly(BOUNCED, DEFERRED);
    assertThat(types(EventQuery.all().between(T0.plusSeconds(60), T0.plusSeconds(180)))).containsExactly(DELIVERED, DEFERRED);
    assertThat(types(EventQuery.all().between(T0.plusSeconds(120), null))).containsExactly(BOUNCED, DELIVERED);
    assertThat(types(EventQuery.all().withAccount("acme").withRecipient("a@x.example").withTypes(Set.of(QUEUED, DELIVERED))))
        .containsExactly(DELIVERED, QUEUED);
    assertThat(types(EventQuery.all().withAccount("acme").withRecipient("b@y.example"))).isEmpty();
  }

  @Test
  void countTakesTheFiltersAndTheCursorButNoLimit() {
    List<DeliveryEvent> stored = store().append(List.of(
        event(QUEUED, T0).account("acme").build(),
        event(DELIVERED, T0).account("acme").build(),
        event(QUEUED, T0).account("other").build(),
        event(BOUNCED, T0).account("acme").build(),
        event(DEFERRED, T0).account("acme").build()));
    EventQuery acme = EventQuery.all().withAccount("acme").withOrder(EventQuery.Order.OLDEST_FIRST).withLimit(1);

    assertThat(store().count(acme)).isEqualTo(4);
    assertThat(store().count(acme.withCursor(EventQuery.cursorAfter(stored.get(1).id())))).isEqualTo(2);
    assertThat(store().count(acme.withTypes(Set.of(BOUNCED, QUEUED)))).isEqualTo(2);
    assertThat(store().count(acme.withCursor(EventQuery.cursorAfter(stored.get(4).id())))).isZero();
    assertThat(store().find(acme.withCursor(EventQuery.cursorAfter(stored.get(1).id()))).events())
        .extracting(DeliveryEvent::type).containsExactly(BOUNCED);
  }

  @Test
  void theNewestIdIsTheLastOneGivenOutEvenAfterAPurge() {
    assertThat(store().newestId()).isZero();
    List<DeliveryEvent> stored = store().append(List.of(event(QUEUED, T0).build(), event(QUEUED, T0).build()));
    assertThat(store().newestId()).isEqualTo(stored.get(1).id());

    store().purgeBefore(T0.plusSeconds(1));
    assertThat(store().newestId()).isEqualTo(stored.get(1).id());
  }

  private List<Type> types(EventQuery query) {
    return store().find(query).events().stream().map(DeliveryEvent::type).toList();
  }

  @Test
  void unusableQueriesNameTheParameter() {
    assertThatThrownBy(() -> EventQuery.all().withLimit(0)).isInstanceOf(InvalidQueryException.class)
        .hasMessage("limit: must be 1 to 1000, got 0");
    assertThatThrownBy(() -> EventQuery.all().withLimit(1001)).isInstanceOf(InvalidQueryException.class);
    assertThatThrownBy(() -> EventQuery.all().withCursor("not-a-cursor"))
        .isInstanceOfSatisfying(InvalidQueryException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
    assertThatThrownBy(() -> EventQuery.all().between(T0, T0)).isInstanceOf(InvalidQueryException.class)
        .hasMessageStartingWith("to: must be after from");
    assertThatThrownBy(() -> StatsQuery.between(T0, T0.minusSeconds(1))).isInstanceOf(InvalidQueryException.class);
  }

  @Test
  void theLatestDeliveryToARecipientIsFound() {
    store().append(List.of(delivered("a@x.example", "acme", "c1", T0), delivered("a@x.example", "acme", "c2", T0.plusSeconds(5)),
        event(BOUNCED, T0.plusSeconds(9)).recipient("a@x.example").account("other").build()));

    assertThat(store().latestDelivery("a@x.example")).hasValueSatisfying(e -> assertThat(e.campaign()).isEqualTo("c2"));
    assertThat(store().latestDelivery("nobody@x.example")).isEmpty();
  }

  @Test
  void statisticsCountByHourWithRatesAndAddUpAcrossAppends() {
    store().append(List.of(delivered("a@x.example", "acme", null, T0), delivered("b@x.example", "acme", null, T0.plusSeconds(10)),
        event(DEFERRED, T0.plusSeconds(20)).recipient("c@x.example").account("acme").build(),
        event(BOUNCED, T0.plusSeconds(3600)).recipient("c@x.example").account("acme").build()));
    store().append(List.of(delivered("d@x.example", "acme", null, T0.plusSeconds(30)),
        event(COMPLAINED, T0.plusSeconds(40)).recipient("a@x.example").account("acme").build()));

    StatsReport report = store().stats(StatsQuery.between(T0, T0.plus(Duration.ofHours(2))));

    assertThat(report.truncated()).isFalse();
    assertThat(report.rows()).hasSize(2);
    StatsRow first = report.rows().get(0);
    assertThat(first.bucket()).isEqualTo(T0);
    assertThat(first.group()).isNull();
    assertThat(first.counts()).isEqualTo(Map.of(DELIVERED, 3L, DEFERRED, 1L, COMPLAINED, 1L));
    assertThat(first.deliveryRate()).isEqualTo(1.0);
    assertThat(first.deferralRate()).isEqualTo(0.25);
    assertThat(first.complaintRate()).isEqualTo(1.0 / 3);
    StatsRow second = report.rows().get(1);
    assertThat(second.bucket()).isEqualTo(T0.plusSeconds(3600));
    assertThat(second.counts()).isEqualTo(Map.of(BOUNCED, 1L));
    assertThat(second.bounceRate()).isEqualTo(1.0);
    assertThat(second.complaintRate()).isNull();
  }

  @Test
  void statisticsGroupByEachDimensionAndADimensionAnEventLacksIsNull() {
    store().append(List.of(
        delivered("a@gmail.test", "acme", "c1", T0),
        delivered("b@gmail.test", "acme", "c2", T0),
        event(DELIVERED, T0).recipient("c@corp.test").build(),
        event(BOUNCED, T0).recipient("d@corp.test").account("other").campaign("c1").via(null, "198.51.100.8").build()));
    StatsQuery day = StatsQuery.between(T0, T0.plusSeconds(1));

    assertThat(grouped(day.groupedBy(GroupBy.ACCOUNT), DELIVERED))
        .containsExactly(Map.entry("<none>", 1L), Map.entry("acme", 2L), Map.entry("other", 0L));
    assertThat(grouped(day.groupedBy(GroupBy.CAMPAIGN), BOUNCED))
        .containsExactly(Map.entry("<none>", 0L), Map.entry("c1", 1L), Map.entry("c2", 0L));
    assertThat(grouped(day.groupedBy(GroupBy.DOMAIN), DELIVERED))
        .containsExactly(Map.entry("corp.test", 1L), Map.entry("gmail.test", 2L));
    assertThat(grouped(day.groupedBy(GroupBy.SITE), DELIVERED))
        .containsExactly(Map.entry("<none>", 1L), Map.entry("google", 2L));
    assertThat(grouped(day.groupedBy(GroupBy.SOURCE_IP), BOUNCED))
        .containsExactly(Map.entry("<none>", 0L), Map.entry("198.51.100.7", 0L), Map.entry("198.51.100.8", 1L));
    assertThat(grouped(day.groupedBy(GroupBy.DOMAIN).forAccount("acme"), DELIVERED))
        .containsExactly(Map.entry("gmail.test", 2L));
    assertThat(grouped(day.groupedBy(GroupBy.ACCOUNT).forCampaign("c1"), BOUNCED))
        .containsExactly(Map.entry("acme", 0L), Map.entry("other", 1L));
  }

  private List<Map.Entry<String, Long>> grouped(StatsQuery query, Type type) {
    return store().stats(query).rows().stream()
        .map(r -> Map.entry(r.group() == null ? "<none>" : r.group(), r.count(type))).toList();
  }

  @Test
  void dailyBucketsStartAtMidnightUtcAndSumTheirHours() {
    Instant midnight = Instant.parse("2030-01-15T00:00:00Z");
    store().append(List.of(delivered("a@x.example", "acme", null, midnight.plusSeconds(5)),
        delivered("b@x.example", "acme", null, midnight.plus(Duration.ofHours(23))),
        delivered("c@x.example", "acme", null, midnight.plus(Duration.ofHours(25)))));

    List<StatsRow> rows = store().stats(StatsQuery.between(midnight, midnight.plus(Duration.ofDays(2)))
        .per(Granularity.DAY)).rows();

    assertThat(rows).extracting(StatsRow::bucket).containsExactly(midnight, midnight.plus(Duration.ofDays(1)));
    assertThat(rows).extracting(r -> r.count(DELIVERED)).containsExactly(2L, 1L);
  }

  @Test
  void theTimeRangeCoversEveryHourItTouches() {
    store().append(List.of(delivered("a@x.example", "acme", null, T0.plusSeconds(1800)),
        delivered("b@x.example", "acme", null, T0.plusSeconds(3600))));

    assertThat(store().stats(StatsQuery.between(T0.plusSeconds(2000), T0.plusSeconds(2100))).rows())
        .singleElement().satisfies(r -> assertThat(r.bucket()).isEqualTo(T0));
    assertThat(store().stats(StatsQuery.between(T0.minusSeconds(7200), T0)).rows()).isEmpty();
  }

  @Test
  void thePurgeDeletesOlderEventsInSlicesAndTheAggregatesOfEarlierHours() {
    List<DeliveryEvent> old = new ArrayList<>();
    for (int i = 0; i < 12_000; i++) old.add(delivered("r" + i + "@x.example", "acme", null, T0.plusMillis(i)));
    store().append(old);
    store().append(List.of(delivered("new@x.example", "acme", null, T0.plus(Duration.ofHours(2)))));

    long deleted = store().purgeBefore(T0.plus(Duration.ofHours(1)).plusSeconds(30));

    assertThat(deleted).isEqualTo(12_000);
    assertThat(store().find(EventQuery.all()).events()).extracting(DeliveryEvent::recipient).containsExactly("new@x.example");
    assertThat(store().stats(StatsQuery.between(T0, T0.plus(Duration.ofHours(3)))).rows())
        .extracting(StatsRow::bucket).containsExactly(T0.plus(Duration.ofHours(2)));
  }

  @Test
  void overlongValuesAreCutToFitRatherThanRefused() {
    String reply = "550 " + "x".repeat(5000);
    store().append(List.of(event(BOUNCED, T0).recipient("a@x.example").remote("h", reply, "5.0.0").build()));

    assertThat(store().find(EventQuery.all()).events().get(0).reply()).hasSize(1000).startsWith("550 xxx");
  }
}
