package dev.outpost.suppression;

/**
 * Who complained about whose mail, as Outpost's own List-Unsubscribe field in the reported message
 * says: signed by this server, so unlike the report's own fields it cannot name another account.
 *
 * @param account the account that sent the message
 * @param address the recipient it was sent to
 * @param campaign the message's campaign, or null
 */
public record Complainant(String account, String address, String campaign) {}
