package dev.outpost.queue;

/**
 * A destination as the queue sees it right now.
 *
 * @param ready jobs waiting for a connection, counting a parked message as one job
 * @param loaded those of {@code ready} that hold their envelope in memory; the others are parked
 *     and are loaded as these drain
 * @param workers delivery workers running (busy or idle)
 * @param connections open SMTP connections
 */
public record DestinationStatus(String destination, int ready, int loaded, int workers, int connections) {}
