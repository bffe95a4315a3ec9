package dev.outpost.queue;

/** An operator named a queue id that is not in the queue (never queued, or already gone). */
public final class NoSuchMessageException extends Exception {

  public NoSuchMessageException(String queueId) {
    super("no message " + queueId + " in the queue", null, false, false);
  }
}
