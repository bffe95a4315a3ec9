/**
 * The shared state of Outpost: accounts, credentials, sending domains, API keys, TOTP secrets,
 * usage counts, the blocklist history, suppression lists, and the delivery events with their
 * hourly aggregates.
 *
 * <p>In: calls from {@code accounts}, {@code reputation}, {@code suppression} and the event log.
 * Out: rows in {@code <data_dir>/state.db} ({@link dev.outpost.store.SqliteStateStore}, whose
 * {@link dev.outpost.store.SqliteStateStore#events} implements
 * {@link dev.outpost.events.EventStore}), later also in PostgreSQL through the same interfaces.
 * Touches no queue state. The schema lives in versioned migrations under
 * {@code dev/outpost/store/migration}.
 */
package dev.outpost.store;
