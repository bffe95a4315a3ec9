/**
 * The spool: durable storage of accepted messages, where receiving ends and delivery begins.
 *
 * <p><b>In:</b> a session (after the pipeline) calls {@link dev.outpost.spool.Spool#begin} with an
 * id from {@link dev.outpost.spool.QueueIds}, streams the body into the
 * {@link dev.outpost.spool.SpoolWriter} and commits the {@link dev.outpost.spool.Envelope}; the
 * 250 reply is sent only after commit returns, because commit returns only once envelope and body
 * are fsynced (concurrent commits share fsyncs). <b>Out:</b> on start the queue rebuilds its
 * schedule from {@link dev.outpost.spool.Spool#forEachEnvelope} (envelopes only, never bodies);
 * delivery streams bodies from {@link dev.outpost.spool.Spool#openBody}. <b>States:</b> commit
 * creates a message with every recipient {@code PENDING}; delivery records outcomes with
 * {@link dev.outpost.spool.Spool#update} ({@code PENDING} to {@code DELIVERED} or {@code FAILED},
 * attempts, last reply, next attempt time) and removes a finished message with
 * {@link dev.outpost.spool.Spool#delete}. Updates and deletes are not synced on return: a crash
 * may repeat a delivery, never lose a message.
 *
 * <p><b>Engines</b> ({@link dev.outpost.spool.Spools#open} picks one from the config):
 * <pre>
 * spool-rocksdb/            RocksDbSpool (default)
 *   *.log, *.sst, MANIFEST  one RocksDB database, column families:
 *     envelopes             queue id -&gt; EnvelopeCodec bytes
 *     bodies                queue id '/' chunk number (4 bytes, big-endian) -&gt; up to 256 KiB
 *
 * spool-files/              FileSpool
 *   tmp/                    messages and envelope updates being written; emptied on open
 *   queue/00 .. queue/ff/   hash of the queue id picks the directory
 *     ID                    body, then the envelope framed by EnvelopeFrame (length, CRC32C, magic)
 *     ID.env                newer envelope written by update, same framing; wins over the one in ID
 * </pre>
 *
 * <p>In both engines a message exists exactly when its envelope does, and the envelope becomes
 * visible only after the whole body is durable. Queue ids must be unique: a writer for an id
 * that is already stored overwrites it.
 */
package dev.outpost.spool;
