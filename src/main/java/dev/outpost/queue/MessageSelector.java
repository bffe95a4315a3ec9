package dev.outpost.queue;

import java.util.Locale;

/** Which queued messages an operator's action applies to. */
public sealed interface MessageSelector {

  /** One message by its queue id; naming one that is not queued is an error. */
  record ById(String queueId) implements MessageSelector {}

  /** Every message with a pending recipient in this domain (compared in lower case). */
  record ByDomain(String domain) implements MessageSelector {
    public ByDomain {
      domain = domain.toLowerCase(Locale.ROOT);
    }
  }

  /** Every queued message. */
  record All() implements MessageSelector {}
}
