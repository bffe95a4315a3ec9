package dev.outpost.tracking;

/**
 * Which of open and click tracking apply: what an account allows, what a message or campaign asks
 * for, and what the two give together ({@link #narrowedTo}).
 *
 * @param opens a tracking pixel is added to the HTML
 * @param clicks the links of the HTML go through signed redirects
 */
public record TrackingOptions(boolean opens, boolean clicks) {
  /** Nothing tracked: every account's setting until the operator changes it. */
  public static final TrackingOptions NONE = new TrackingOptions(false, false);

  /**
   * What a request asks for: a flag it leaves out (null) asks for what the account allows, so only
   * {@code false} changes anything.
   */
  public static TrackingOptions requested(Boolean opens, Boolean clicks) {
    return new TrackingOptions(opens != Boolean.FALSE, clicks != Boolean.FALSE);
  }

  /** What applies when this is allowed and {@code requested} is asked for: a request can only narrow. */
  public TrackingOptions narrowedTo(TrackingOptions requested) {
    return new TrackingOptions(opens && requested.opens, clicks && requested.clicks);
  }

  public boolean any() {
    return opens || clicks;
  }
}
