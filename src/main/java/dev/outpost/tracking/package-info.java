/**
 * Open and click tracking, optional and off by default, of the HTML that Outpost builds itself.
 *
 * <p>In: the {@link dev.outpost.compose.Draft} of a structured API message or of one campaign
 * recipient, before it becomes MIME, with the queue id it will be committed under, and what its
 * account allows ({@code outpost account set --track-opens --track-clicks}) narrowed by what the
 * message or campaign asks for ({@link dev.outpost.tracking.TrackingOptions}). Out: the same
 * draft with its links through signed redirects and a pixel
 * ({@link dev.outpost.tracking.TrackingRewriter}); the pipeline then signs it with DKIM like any
 * other. Raw messages and SMTP submissions never pass here. The tokens
 * ({@link dev.outpost.tracking.TrackingTokens}) are checked by the HTTP endpoint
 * {@code dev.outpost.api.TrackingEndpoint}, which records {@code opened} and {@code clicked}
 * events. No queue state changes.
 */
package dev.outpost.tracking;
