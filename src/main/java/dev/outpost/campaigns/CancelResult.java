package dev.outpost.campaigns;

/**
 * What cancelling a campaign did.
 *
 * @param notSent pending recipients that will now never be sent
 * @param removed messages taken out of the queue before delivery
 * @param alreadyGone messages no longer queued: delivered or bounced before the cancel
 * @param inDelivery messages being delivered at that moment, which the cancel could not stop
 */
public record CancelResult(Campaign campaign, long notSent, long removed, long alreadyGone, long inDelivery) {}
