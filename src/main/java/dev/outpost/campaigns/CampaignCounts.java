package dev.outpost.campaigns;

/**
 * How many recipients of a campaign stand where; kept with the campaign, so reading them costs
 * the same for ten recipients as for a million.
 */
public record CampaignCounts(long recipients, long queued, long suppressed, long failed, long cancelled) {

  public static final CampaignCounts NONE = new CampaignCounts(0, 0, 0, 0, 0);

  /** Recipients not yet expanded. */
  public long pending() {
    return recipients - queued - suppressed - failed - cancelled;
  }
}
