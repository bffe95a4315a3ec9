/**
 * The control channel of a running server: how {@code outpost queue}, {@code outpost limits} and
 * {@code outpost status} reach it.
 *
 * <p>In: request lines on the Unix domain socket {@code <data_dir>/control.sock} (mode 0600,
 * created by {@link dev.outpost.control.ControlServer} after the queue starts, removed when the
 * server stops). Out: records and a status line per request, built by
 * {@link dev.outpost.control.ControlHandler} from {@link dev.outpost.queue.QueueAdministration}
 * and {@link dev.outpost.control.LiveStatus}.
 *
 * <p>Protocol {@code OUTPOST/1}, line-based, UTF-8:
 * <pre>
 * request   = "OUTPOST/1" SP command *(SP argument) LF     ; see ControlRequest
 * argument  = name "=" value / flag                          ; id=, domain=, limit=; all, bounce
 * response  = *(record LF) status LF
 * record    = type *(TAB name "=" escaped-value)             ; see ControlRecord
 * status    = "OK" / "ERROR" SP message / "FAILED" SP message
 * </pre>
 * {@code ERROR}: the request cannot be done as asked (unknown command, bad argument, no such
 * message). {@code FAILED}: the server could not do it (e.g. the spool failed). A connection may
 * carry several requests in turn.
 *
 * <p>Queue states it changes, through the queue: a hold or release rewrites the envelope's hold
 * flag; a retry makes waiting messages due; a delete removes messages from the spool, after a
 * failure DSN to the sender when asked for.
 */
package dev.outpost.control;
