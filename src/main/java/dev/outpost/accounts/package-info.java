/**
 * Accounts: who may send, as which domains, and how much.
 *
 * <p>In: SMTP logins, senders and message sizes from the server ({@link
 * dev.outpost.accounts.AccountService}), and administrative commands from the CLI and the HTTP API
 * ({@link dev.outpost.accounts.AccountAdministration}). Out: decisions ({@link
 * dev.outpost.accounts.AuthResult}, {@link dev.outpost.accounts.LimitDecision}), events on the
 * {@code outpost.auth} logger, and rows in the {@link dev.outpost.store.StateStore}. Changes no
 * queue state. Passwords are Argon2id ({@link dev.outpost.accounts.PasswordHasher}); API keys and
 * recovery codes, being random, are SHA-256.
 */
package dev.outpost.accounts;
