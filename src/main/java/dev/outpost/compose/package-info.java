/**
 * Messages built from fields rather than received whole: the HTTP API's structured messages and
 * campaigns' rendered ones ({@link dev.outpost.compose.Draft} into MIME with Jakarta Mail,
 * {@link dev.outpost.compose.MimeComposer}), and raw messages given as text, made ready for the
 * spool ({@link dev.outpost.compose.RawMessage}). Every caller-given address and header field is
 * checked here and a bad one is named ({@link dev.outpost.compose.InvalidFieldException}).
 *
 * <p>In: fields and text. Out: message bytes with CRLF line ends, for {@code pipeline}. Changes no
 * queue state.
 */
package dev.outpost.compose;
