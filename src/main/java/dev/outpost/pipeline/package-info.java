/**
 * The one way a message gets into the spool, whichever transport brought it: SMTP
 * ({@code server.MessageReception} streams DATA into a {@link dev.outpost.pipeline.MessageSubmission}),
 * the HTTP API and campaigns ({@link dev.outpost.pipeline.SubmissionPipeline#checkEnvelope} for
 * what SMTP asks at MAIL and RCPT, then {@link dev.outpost.pipeline.SubmissionPipeline#submit}).
 *
 * <p>In: message content as it streams past, the envelope and the trace facts of the transport
 * ({@link dev.outpost.pipeline.Arrival}). Stages, in order: the From field judged by policy (kept,
 * refused or rewritten) as soon as the header section is complete; then at the end, complaint
 * reports taken in, suppressed recipients dropped, Outpost's header lines (Received, and
 * Message-ID and Date when missing) added and DKIM-signed, the content check, the account's
 * limits, the spool commit. Out: the committed envelope, filed under its account and campaign,
 * recorded in the event log (received, and queued for each recipient) and handed to the queue (a
 * new message in state pending for each recipient), and a
 * {@link dev.outpost.pipeline.SubmissionResult} that the transport words as its reply.
 */
package dev.outpost.pipeline;
