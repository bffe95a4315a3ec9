package dev.outpost.metrics;

/** Recipient outcomes since the server started, over every site. */
public record DeliveryTotals(long delivered, long deferred, long bounced) {}
