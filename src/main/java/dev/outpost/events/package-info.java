/**
 * What happened to each message: the mail log for operators ({@link dev.outpost.events.MailLog},
 * one line per event on the {@code outpost.mail} logger), and the delivery events and statistics
 * for senders ({@link dev.outpost.events.EventLog}).
 *
 * <p>In: {@link dev.outpost.events.DeliveryEvent}s from reception, the suppression policy, the
 * complaints mailbox and the queue's outcomes and DSNs, through the
 * {@link dev.outpost.events.EventSink} they are given, which never blocks them. Out: batches
 * appended to an {@link dev.outpost.events.EventStore} (events plus hourly aggregates), pages
 * of events and statistics for the API, and each event's JSON for the API and webhooks alike
 * ({@link dev.outpost.events.EventJson}). Changes no queue state.
 */
package dev.outpost.events;
