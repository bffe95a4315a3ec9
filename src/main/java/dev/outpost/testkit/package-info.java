/**
 * A test kit for code that sends mail: {@link dev.outpost.testkit.SmtpSink} is a real SMTP server
 * on 127.0.0.1 that records what it receives and answers as a
 * {@link dev.outpost.testkit.SinkBehaviour} scripts it (replies per step or per recipient,
 * dropped connections, stalls, STARTTLS with a self-signed certificate), and
 * {@link dev.outpost.testkit.TranscriptClient} writes raw command lines and reads replies, for
 * tests that pipeline, talk out of turn or send hostile input.
 *
 * <p>In: SMTP connections. Out: {@link dev.outpost.testkit.ReceivedMessage} records. It changes
 * no queue state; it lives in the main artifact so embedders can test against it too.
 */
package dev.outpost.testkit;
