package dev.outpost.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.EventQuery;
import dev.outpost.events.EventStore;
import dev.outpost.events.StatsQuery;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteEventStoreTest extends EventStoreContractTest {
  @TempDir Path dir;
  private SqliteStateStore state;

  @BeforeEach
  void open() {
    state = SqliteStateStore.open(dir.resolve("data"));
  }

  @AfterEach
  void close() {
    state.close();
  }

  @Override
  protected EventStore store() {
    return state.events();
  }

  /** The statistics must hold when the events themselves are gone: they are read from the aggregates. */
  @Test
  void statisticsDoNotReadTheEvents() throws Exception {
    store().append(List.of(DeliveryEvent.of(DeliveryEvent.Type.DELIVERED, T0).recipient("a@x.example").build()));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/state.db"))) {
      c.createStatement().executeUpdate("DELETE FROM delivery_event");
    }

    assertThat(store().find(EventQuery.all()).events()).isEmpty();
    assertThat(store().stats(StatsQuery.between(T0, T0.plusSeconds(1))).rows())
        .singleElement().satisfies(r -> assertThat(r.count(DeliveryEvent.Type.DELIVERED)).isEqualTo(1));
  }

  @Test
  void eventsSurviveReopening() {
    store().append(List.of(DeliveryEvent.of(DeliveryEvent.Type.RECEIVED, T0).queueId("Q1").build()));
    state.close();

    state = SqliteStateStore.open(dir.resolve("data"));
    assertThat(store().find(EventQuery.all()).events()).extracting(DeliveryEvent::queueId).containsExactly("Q1");
  }
}
