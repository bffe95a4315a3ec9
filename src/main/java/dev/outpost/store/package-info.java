/**
 * The shared state of Outpost: accounts, credentials, sending domains, API keys, TOTP secrets,
 * usage counts, the blocklist history, suppression lists, the delivery events with their
 * hourly aggregates, the webhooks with their delivery state and logs, and campaigns with their
 * recipients.
 *
 * <p>In: calls from {@code accounts}, {@code reputation}, {@code suppression}, the event log, the
 * webhook dispatcher and {@code campaigns}. Out: rows in {@code <data_dir>/state.db}
 * ({@link dev.outpost.store.SqliteStateStore}, whose
 * {@link dev.outpost.store.SqliteStateStore#events} implements
 * {@link dev.outpost.events.EventStore}, {@link dev.outpost.store.SqliteStateStore#webhooks}
 * {@link dev.outpost.webhooks.WebhookStore} and {@link dev.outpost.store.SqliteStateStore#campaigns}
 * {@link dev.outpost.campaigns.CampaignStore}), later also in PostgreSQL through the same
 * interfaces. Touches no queue state. The schema lives in versioned migrations under
 * {@code dev/outpost/store/migration}.
 */
package dev.outpost.store;
