package dev.outpost.queue;

/**
 * Told of each permanent failure whose bounce category is hard (the address or its domain does
 * not exist), so that the address is not mailed again. Called on a delivery worker; it must not
 * throw.
 */
@FunctionalInterface
public interface HardBounceListener {

  HardBounceListener NONE = (recipient, remoteReply) -> {};

  void hardBounce(String recipient, String remoteReply);
}
