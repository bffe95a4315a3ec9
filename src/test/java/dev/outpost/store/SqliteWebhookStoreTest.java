package dev.outpost.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.events.EventStore;
import dev.outpost.webhooks.DeliveryState;
import dev.outpost.webhooks.Webhook;
import dev.outpost.webhooks.WebhookDelivery;
import dev.outpost.webhooks.WebhookDelivery.Outcome;
import dev.outpost.webhooks.WebhookStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteWebhookStoreTest extends WebhookStoreContractTest {
  @TempDir Path dir;
  private SqliteStateStore state;

  @Override
  protected void openEmptyStores() {
    state = SqliteStateStore.open(dir.resolve("data"));
  }

  @Override
  protected void closeStores() {
    state.close();
  }

  @Override
  protected StateStore state() {
    return state;
  }

  @Override
  protected EventStore events() {
    return state.events();
  }

  @Override
  protected WebhookStore webhooks() {
    return state.webhooks();
  }

  @Test
  void webhooksAndTheirStateSurviveReopening() {
    webhooks().insert(new Webhook("wh_1", "acme", URI.create("https://hooks.example/a"), Set.of(), null, "s", T0,
        DeliveryState.after(0)));
    webhooks().record(new WebhookDelivery("dl_1", "wh_1", T0, Outcome.FAILED, 1, 1, 1, 503, "503",
        Duration.ZERO, 1, T0.plusSeconds(10)), new DeliveryState(0, 1, T0.plusSeconds(10)));
    state.close();

    state = SqliteStateStore.open(dir.resolve("data"));
    assertThat(webhooks().find("wh_1").orElseThrow().state()).isEqualTo(new DeliveryState(0, 1, T0.plusSeconds(10)));
  }
}
