package dev.outpost.queue;

import dev.outpost.bounce.BounceCategory;

/**
 * Told of each permanent failure whose bounce category is hard ({@link BounceCategory#hard()}),
 * so that the address need not be mailed again. Called on a delivery worker; it must not throw.
 */
@FunctionalInterface
public interface HardBounceListener {

  HardBounceListener NONE = (recipient, category, remoteReply) -> {};

  void hardBounce(String recipient, BounceCategory category, String remoteReply);
}
