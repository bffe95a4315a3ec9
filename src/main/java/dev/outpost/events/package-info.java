/**
 * What happened to each message, told to operators: for now the mail log, one line per event.
 *
 * <p>In: events from the server and delivery. Out: log lines on the {@code outpost.mail} logger.
 * Changes no queue state.
 */
package dev.outpost.events;
