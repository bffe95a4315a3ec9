package dev.outpost.queue;

/**
 * A destination as the queue sees it right now.
 *
 * @param ready jobs waiting for a connection
 * @param workers delivery workers running (busy or idle)
 * @param connections open SMTP connections
 */
public record DestinationStatus(String destination, int ready, int workers, int connections) {}
