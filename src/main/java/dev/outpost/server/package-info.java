/**
 * Listeners and connections: the thin I/O shell around {@link dev.outpost.smtp.SmtpSession}.
 *
 * <p>In: TCP connections (plain, STARTTLS or implicit TLS), one virtual thread each, behind
 * connection limits. Out: committed messages in the spool, each handed to the queue by the
 * {@code onQueued} callback. Queue state changed: a new message enters the spool as pending, and
 * only after its envelope and body are durable is the 250 reply sent.
 */
package dev.outpost.server;
