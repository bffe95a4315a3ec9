/**
 * Reputation: whether receivers will trust Outpost's mail, checked before and while it sends.
 *
 * <ul>
 *   <li>{@link dev.outpost.reputation.DomainCheck}: in, a sending domain and its Return-Path
 *       domain; out, a {@link dev.outpost.reputation.DomainReport} of SPF (evaluated for each
 *       sending IP by {@link dev.outpost.reputation.SpfEvaluator}), DKIM (against a
 *       {@link dev.outpost.reputation.PublishedKeySource}), DMARC and alignment, MX, MTA-STS,
 *       TLS-RPT and forward-confirmed reverse DNS, each with the record to publish or fix.
 *   <li>{@link dev.outpost.reputation.BlocklistMonitor}: in, the sending IPs and domains; out,
 *       listing and delisting events in the state store and on the {@code outpost.reputation}
 *       logger, and the {@link dev.outpost.reputation.ListedAddresses} that the pool code keeps
 *       out of use. RFC 5782 queries by {@link dev.outpost.reputation.BlocklistLookup}.
 *   <li>{@link dev.outpost.reputation.ContentLinter}: in, a message; out, a scored
 *       {@link dev.outpost.reputation.LintReport}, for {@code outpost lint} and the at-queue
 *       content policy.
 * </ul>
 *
 * <p>Every check asks DNS through {@code [dns] resolvers} without a cache, so it sees what
 * receivers see now. Nothing here changes queue state; a listed address leaves its pool only
 * through {@code ListedAddresses}, which the delivery side consults.
 */
package dev.outpost.reputation;
