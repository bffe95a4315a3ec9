/**
 * The scheduler between the spool and delivery.
 *
 * <p>In: envelopes of committed messages ({@link dev.outpost.queue.QueueManager#enqueue}) and, at
 * start, every envelope in the spool ({@link dev.outpost.queue.QueueManager#recover}). Out: jobs
 * on per-destination ready queues, delivered by connection workers through
 * {@link dev.outpost.delivery.SmtpClientConnection}; one mail log line per recipient outcome.
 *
 * <p>Queue states it changes: a recipient goes from PENDING to DELIVERED (2xx) or FAILED (5xx,
 * or a deferral once the message is older than {@code delivery.max_age}); a deferral keeps it
 * PENDING with one more attempt and the reply recorded. After each attempt the envelope is
 * written back with {@code spool.update} and a new {@code nextAttemptAt}, or the message is
 * removed with {@code spool.delete} when no recipient is pending.
 *
 * <p>Each deferral and failure gets a {@link dev.outpost.bounce.BounceCategory} in the mail log.
 * An attempt that fails recipients, delivers recipients with NOTIFY=SUCCESS, or leaves them
 * deferred past {@code delivery.delay_warning} causes DSNs ({@link dev.outpost.queue.DeliveryNotices}):
 * new messages from the null sender, committed to the spool and enqueued here like any other.
 * A delay DSN is sent once per message; the envelope's {@code delayWarningSentAt} remembers it.
 *
 * <p>Memory: a queued message is a compact {@link dev.outpost.queue.QueuedMessage} (id, arrival,
 * pending domains and count, hold flag) plus one timer entry; its envelope is read from the spool
 * ({@code spool.envelope}) when it is dispatched and dropped when the attempt ends. A message
 * just received is dispatched with the envelope it arrived with.
 *
 * <p>Operators act through {@link dev.outpost.queue.QueueAdministration} (the control socket's
 * {@code outpost queue}): a hold sets the envelope's {@code held} flag, so it survives restarts,
 * and a held message is never dispatched; a release clears it; a retry makes waiting messages
 * due now; a delete fails the pending recipients ("deleted by the operator"), optionally with a
 * failure DSN, and removes the message with {@code spool.delete}.
 *
 * <p>Routing goes through a {@link dev.outpost.queue.NextHopResolver}: by default
 * {@link dev.outpost.queue.RoutesThenMx}, which sends a domain a {@code [[route]]} matches to
 * that smarthost and every other domain to an {@link dev.outpost.queue.MxDestination}, whose
 * hosts come from {@link dev.outpost.dns.MxResolver} when a worker is about to connect. A
 * permanent DNS failure (NXDOMAIN, null MX) fails the destination's recipients; a temporary one
 * defers them.
 *
 * <p>Each destination carries a {@link dev.outpost.queue.DeliveryPolicy}: the source address
 * pool (by route, else by sender domain), the TLS policy, and for MX destinations the traffic
 * shaper. Ready queues stay per domain; the limits are shared per site through
 * {@link dev.outpost.shaping.SiteBucket}s, which workers consult when they connect and before
 * each message. A site suspended after a rate-limit reply defers its jobs ("slow down"), never
 * fails them.
 */
package dev.outpost.queue;
