package dev.outpost.campaigns;

/** The campaign is not in a state that allows what was asked, such as uploading to one that is sending. */
public final class CampaignStateException extends RuntimeException {
  public CampaignStateException(String message) {
    super(message, null, false, false);
  }
}
