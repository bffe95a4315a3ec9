package dev.outpost.unsubscribe;

import dev.outpost.store.StoreException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mailto half of List-Unsubscribe (RFC 2369): a message to {@code unsubscribe+ID@hostname}
 * opts its recipient out. What the message says does not matter; having been sent to the address
 * is the request. Such mail is taken in here and never relayed.
 */
public final class MailtoUnsubscribe {
  private static final Logger EVENTS = LoggerFactory.getLogger("outpost.suppression");

  private final UnsubscribeAddresses addresses;
  private final OptOuts optOuts;

  public MailtoUnsubscribe(UnsubscribeAddresses addresses, OptOuts optOuts) {
    this.addresses = addresses;
    this.optOuts = optOuts;
  }

  /** Whether {@code recipient} is addressed to this server's unsubscribe mailboxes, valid or not. */
  public boolean isUnsubscribeAddress(String recipient) {
    return addresses.isMailbox(recipient);
  }

  /**
   * Whether the address was handed out, for the RCPT check.
   *
   * @throws StoreException when the store cannot say
   */
  public boolean isKnown(String recipient) {
    return addresses.resolveMailbox(recipient).isPresent();
  }

  /** Records the opt-out of one accepted unsubscribe address; a failure is logged, the mail is taken in anyway. */
  public void receive(String recipient, String queueId) {
    try {
      Optional<UnsubscribeToken> who = addresses.resolveMailbox(recipient);
      if (who.isEmpty()) {
        // Accepted at RCPT, so only an account deleted since then gets here.
        EVENTS.warn("{}: the unsubscribe address {} is no longer known; nothing recorded", queueId, recipient);
        return;
      }
      optOuts.record(who.get().account(), who.get().address(), null, OptOuts.Channel.MAILTO);
    } catch (StoreException e) {
      EVENTS.error("{}: cannot record the unsubscribe mail to {}: {}", queueId, recipient, e.getMessage());
    }
  }
}
