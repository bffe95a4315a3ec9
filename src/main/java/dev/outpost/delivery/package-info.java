/**
 * The SMTP client: hands queued messages to a remote server.
 *
 * <p>In: an {@link dev.outpost.delivery.OutboundMessage} (envelope, the recipients bound for one
 * destination, a way to open the stored body). Out: a {@link dev.outpost.delivery.DeliveryReport}
 * with one {@link dev.outpost.delivery.RecipientOutcome} per recipient (delivered, deferred or
 * failed, with the remote reply). It changes no queue state itself: the queue records outcomes.
 *
 * <p>The protocol parts ({@link dev.outpost.delivery.ReplyParser},
 * {@link dev.outpost.delivery.Capabilities}, {@link dev.outpost.delivery.ClientCommand},
 * {@link dev.outpost.delivery.DotStuffer}) are pure. {@link dev.outpost.delivery.SmtpClientConnection}
 * does the blocking I/O, one connection per virtual thread: greeting, EHLO (HELO fallback),
 * STARTTLS as the destination's {@link dev.outpost.delivery.TlsPolicy} asks, then pipelined
 * transactions (RFC 2920) with per-phase timeouts (RFC 5321 4.5.3.2).
 */
package dev.outpost.delivery;
