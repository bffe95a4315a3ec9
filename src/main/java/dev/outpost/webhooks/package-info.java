/**
 * Webhooks: accounts' HTTP endpoints that receive their delivery events, signed, in batches, in
 * order, durably.
 *
 * <p>In: webhooks created through the API ({@link dev.outpost.webhooks.WebhookAdministration}),
 * and the events in the event store, which serve as the outbox: each webhook keeps a cursor (the
 * id of the last event delivered) instead of a copy of each event. The event log tells the
 * {@link dev.outpost.webhooks.WebhookDispatcher} of each stored batch, which wakes the workers
 * whose webhooks want those events. Out: signed POSTs ({@link dev.outpost.webhooks.WebhookSignature})
 * and, in the {@link dev.outpost.webhooks.WebhookStore}, each webhook's cursor, retry state and
 * delivery log. Changes no queue state.
 */
package dev.outpost.webhooks;
