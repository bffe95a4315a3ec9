/**
 * A test kit for code that sends mail: {@link dev.outpost.testkit.SmtpSink} is a real SMTP server
 * on 127.0.0.1 that records what it receives and answers as a
 * {@link dev.outpost.testkit.SinkBehaviour} scripts it (replies per step or per recipient,
 * dropped connections, stalls, STARTTLS with a self-signed certificate), and
 * {@link dev.outpost.testkit.TranscriptClient} writes raw command lines and reads replies, for
 * tests that pipeline, talk out of turn or send hostile input. Sinks can bind any 127.x address,
 * so several stand in for several MX hosts on one port. {@link dev.outpost.testkit.DnsTestServer}
 * is a DNS server on 127.0.0.1 (UDP and TCP) that serves records a test adds (MX, A, AAAA, TXT,
 * CNAME, PTR, NS, SOA, or any record in master-file syntax), fails on cue per name (SERVFAIL,
 * REFUSED, NXDOMAIN, no answer) and counts the queries it gets.
 *
 * <p>In: SMTP connections and DNS queries. Out: {@link dev.outpost.testkit.ReceivedMessage}
 * records and DNS answers. It changes
 * no queue state; it lives in the main artifact so embedders can test against it too.
 */
package dev.outpost.testkit;
