/**
 * Campaigns: one template sent to many recipients, one message each, expanded on the server.
 *
 * <p>In: a template ({@link dev.outpost.campaigns.TemplateSpec}) and recipients streamed in
 * NDJSON or CSV uploads ({@link dev.outpost.campaigns.RecipientUpload}), stored in the state
 * database ({@link dev.outpost.campaigns.CampaignStore}) and read back a page at a time. Out: one
 * message per recipient, rendered with Mustache ({@link dev.outpost.campaigns.CampaignTemplate}),
 * built by {@code compose} and submitted through {@code pipeline} like any other, so each is a new
 * message in the queue; a cancel deletes the campaign's queued messages through the queue's
 * administration. {@link dev.outpost.campaigns.Campaigns} holds the state machine (draft, sending,
 * paused, done, cancelled); {@link dev.outpost.campaigns.CampaignRun} expands one campaign.
 */
package dev.outpost.campaigns;
