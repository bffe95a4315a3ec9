package dev.outpost.unsubscribe;

import java.util.Locale;
import java.util.Objects;

/**
 * Who asked to be unsubscribed from whom: what a signed one-click link carries.
 *
 * @param account the account that sent the message; the opt-out goes on its suppression list
 * @param address the recipient, lower-cased as suppression lists compare addresses
 * @param campaign the campaign the message belonged to, or null; kept with the entry so that
 *     a sender can see which mailing made people leave
 */
public record UnsubscribeToken(String account, String address, String campaign) {

  public UnsubscribeToken {
    Objects.requireNonNull(account, "account");
    address = address.toLowerCase(Locale.ROOT);
  }
}
