/**
 * DNS for delivery: {@link dev.outpost.dns.MxResolver} turns a recipient domain into the mail
 * hosts to try, as an {@link dev.outpost.dns.MxResult}.
 *
 * <p>In: a domain, from a delivery worker about to connect. Out: MX hosts with their addresses,
 * best first, or a permanent or temporary failure with an RFC 3463 code and a reason fit for
 * the mail log. Queries go over dnsjava to the {@code [dns] resolvers} (or the system's), with
 * the configured timeout and attempts; answers are cached for their TTL and concurrent lookups
 * of one name share one query.
 *
 * <p>It changes no queue state: the queue's {@code MxDestination} maps its results to connection
 * targets, and its workers defer or fail recipients accordingly.
 */
package dev.outpost.dns;
