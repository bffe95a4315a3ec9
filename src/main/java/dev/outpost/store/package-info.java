/**
 * The shared state of Outpost: accounts, credentials, sending domains, API keys, TOTP secrets and
 * usage counts.
 *
 * <p>In: calls from {@code accounts} (the services) and nothing else. Out: rows in
 * {@code <data_dir>/state.db} ({@link dev.outpost.store.SqliteStateStore}), later also in
 * PostgreSQL through the same {@link dev.outpost.store.StateStore} interface. Touches no queue
 * state. The schema lives in versioned migrations under {@code dev/outpost/store/migration}.
 */
package dev.outpost.store;
