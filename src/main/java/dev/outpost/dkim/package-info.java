/**
 * DKIM signing (RFC 6376, with Ed25519 from RFC 8463): the keys of each sending domain and the
 * signatures made with them.
 *
 * <p><b>In:</b> while a message is received, {@link dev.outpost.dkim.DkimKeyring#begin} is asked
 * with its first From address; when that domain has an active key, the returned
 * {@link dev.outpost.dkim.PendingSignature} is fed the body as it goes to the spool (the body
 * hash is computed on the way, never over a held body) and, once the header section is final,
 * gives the DKIM-Signature fields. <b>Out:</b> those fields, which the receiver puts in front of
 * Outpost's other added header lines in the envelope, so a message is signed once, after every
 * change Outpost makes. Changes no queue state.
 *
 * <p><b>Keys</b> live in {@code <data_dir>/dkim} ({@link dev.outpost.dkim.DkimKeyStore} has the
 * layout), are managed by {@code outpost dkim}, and are picked up by a running server within
 * seconds. The canonicalisation and signing are implemented here over the JCA: the Java DKIM
 * libraries on Maven Central sign a whole in-memory Jakarta Mail message, which would undo the
 * bounded-memory design, and most of them are unmaintained or lack Ed25519.
 */
package dev.outpost.dkim;
