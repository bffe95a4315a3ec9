/**
 * What Outpost adds to a message on its way into the spool: the Received trace field, and
 * Message-ID and Date when the client left them out.
 *
 * <p>In: message content as it streams past. Out: header lines stored in the envelope and sent
 * before the body on delivery. Changes no queue state.
 */
package dev.outpost.pipeline;
