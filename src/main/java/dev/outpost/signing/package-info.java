/**
 * The secrets that sign Outpost's links, and the tokens signed with them.
 *
 * <p>In: the data directory, where each secret lives in a file of its own ({@link
 * dev.outpost.signing.SecretKeyFile}), and the payloads that tracking and unsubscribe links carry.
 * Out: the secrets' bytes, and tokens that only a holder of the secret can make or check ({@link
 * dev.outpost.signing.SigningKey}). Changes no queue state.
 */
package dev.outpost.signing;
