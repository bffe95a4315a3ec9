package dev.outpost.server;

import dev.outpost.config.ListenerConfig;
import dev.outpost.config.RelayConfig;
import dev.outpost.config.SmtpConfig;
import dev.outpost.dkim.DkimKeyring;
import dev.outpost.events.EventSink;
import dev.outpost.metrics.ListenerMeters;
import dev.outpost.policy.Authenticator;
import dev.outpost.policy.ContentPolicy;
import dev.outpost.policy.SessionPolicy;
import dev.outpost.smtp.SessionSettings;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.QueueIds;
import dev.outpost.spool.Spool;
import dev.outpost.suppression.ComplaintIntake;
import dev.outpost.tls.ServerTls;
import dev.outpost.unsubscribe.MailtoUnsubscribe;
import dev.outpost.unsubscribe.UnsubscribeHeaders;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything a connection on one listener shares with the others: its settings, policy, the
 * spool and where queued messages go next.
 *
 * @param content the content lint before queueing; null when {@code content_check} is off
 * @param complaints takes in reports sent to the complaints address; null when none is configured
 * @param authenticator checks AUTH credentials; null when the listener offers no AUTH
 * @param tls for STARTTLS and implicit TLS; null when the listener has no TLS
 * @param onQueued called with each committed envelope (the queue's enqueue)
 * @param greetPause how long an untrusted client is watched for talking before the greeting
 * @param maxSessionDuration how long one connection may last in all, however busy
 * @param dkim the signing keys, asked for each message's From domain
 * @param events where the reception of each message is recorded
 * @param meters this listener's connection, session and message counts
 * @param unsubscribeHeaders adds List-Unsubscribe and Feedback-ID to accounts' mail
 * @param mailto takes in mail to the unsubscribe addresses
 */
record ListenerContext(
    ListenerConfig listener,
    SessionSettings settings,
    SessionPolicy policy,
    ContentPolicy content,
    ComplaintIntake complaints,
    Authenticator authenticator,
    RelayConfig relay,
    SmtpConfig smtp,
    Spool spool,
    QueueIds queueIds,
    Consumer<Envelope> onQueued,
    Supplier<ServerTls> tls,
    Clock clock,
    Duration greetPause,
    Duration maxSessionDuration,
    DkimKeyring dkim,
    EventSink events,
    ListenerMeters meters,
    UnsubscribeHeaders unsubscribeHeaders,
    MailtoUnsubscribe mailto) {}
