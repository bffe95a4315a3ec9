/**
 * The SMTP protocol, server side, with no I/O (RFC 5321 and its extensions: PIPELINING, SIZE,
 * 8BITMIME, SMTPUTF8, ENHANCEDSTATUSCODES, CHUNKING, DSN, STARTTLS).
 *
 * <p>In: command lines and data outcomes from the connection. Out: replies from the one catalog
 * ({@link dev.outpost.smtp.Replies}) and instructions for the I/O layer ({@link dev.outpost.smtp.Step}).
 * {@link dev.outpost.smtp.DataDecoder} turns DATA octets into content and is the single place that
 * decides where a message ends. Changes no queue state: a message reaches the spool only through
 * the server package.
 */
package dev.outpost.smtp;
