package dev.outpost.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where webhooks, their delivery state and their delivery logs are kept: in the state database
 * beside the events they read ({@code dev.outpost.store.SqliteStateStore#webhooks}); a
 * PostgreSQL implementation passes the same contract test. Every method is safe to call from many
 * threads and atomic on its own; failures of the database are {@code StoreException}s.
 */
public interface WebhookStore {

  /**
   * Stores a new webhook that starts after the newest event stored so far, whatever its
   * {@link Webhook#state()} says, and returns it as stored.
   *
   * @throws dev.outpost.store.StoreConflictException if the id is taken or the account does not exist
   */
  Webhook insert(Webhook webhook);

  Optional<Webhook> find(String id);

  /** The account's webhooks, or every account's for null, oldest first. */
  List<Webhook> list(String account);

  /** Deletes the webhook and its delivery log; false if there was none. */
  boolean delete(String id);

  /**
   * Adds the entry to the webhook's delivery log and, unless {@code after} is null, makes it the
   * webhook's delivery state, in one transaction. False, with nothing changed, if the webhook no
   * longer exists.
   */
  boolean record(WebhookDelivery entry, DeliveryState after);

  /** The newest {@code limit} entries of the webhook's delivery log, newest first. */
  List<WebhookDelivery> deliveries(String webhookId, int limit);

  /** Deletes the delivery log entries of every webhook from before {@code before}; returns how many. */
  long purgeDeliveriesBefore(Instant before);
}
