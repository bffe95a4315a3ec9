package dev.outpost.tracking;

/** What a tracking URL stands for, once its signature has been checked. */
public sealed interface TrackingToken {
  TrackedMessage message();

  /** The pixel of a message: fetching it means the HTML was shown with its images. */
  record Open(TrackedMessage message) implements TrackingToken {}

  /** A link of a message, and where it leads. */
  record Click(TrackedMessage message, String url) implements TrackingToken {}
}
