package dev.outpost.campaigns;

/**
 * One recipient of a campaign.
 *
 * @param seq its place in the campaign, from 0 in upload order
 * @param email the address, lower-cased
 * @param vars its template variables as a JSON object, or null
 * @param queueId the queue id its message has or will have (given before the spool commit, so
 *     a run after a crash can tell whether the commit happened), or null
 * @param detail why it failed or is suppressed, or null
 */
public record CampaignRecipient(long seq, String email, String vars, RecipientState state, String queueId,
    String detail) {}
