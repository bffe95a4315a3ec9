package dev.outpost.server;

import dev.outpost.config.ListenerConfig;
import dev.outpost.config.RelayConfig;
import dev.outpost.config.SmtpConfig;
import dev.outpost.metrics.ListenerMeters;
import dev.outpost.pipeline.SubmissionPipeline;
import dev.outpost.policy.Authenticator;
import dev.outpost.smtp.SessionSettings;
import dev.outpost.tls.ServerTls;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Everything a connection on one listener shares with the others: its settings, policy, and the
 * pipeline that takes its messages to the spool and the queue.
 *
 * @param pipeline the policy every command is judged by, and where each message goes once its data
 *     starts: DKIM, spool, event log and queue
 * @param authenticator checks AUTH credentials; null when the listener offers no AUTH
 * @param tls for STARTTLS and implicit TLS; null when the listener has no TLS
 * @param greetPause how long an untrusted client is watched for talking before the greeting
 * @param maxSessionDuration how long one connection may last in all, however busy
 * @param meters this listener's connection, session and message counts
 */
record ListenerContext(
    ListenerConfig listener,
    SessionSettings settings,
    SubmissionPipeline pipeline,
    Authenticator authenticator,
    RelayConfig relay,
    SmtpConfig smtp,
    Supplier<ServerTls> tls,
    Duration greetPause,
    Duration maxSessionDuration,
    ListenerMeters meters) {}
