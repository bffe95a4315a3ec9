package dev.outpost.smtp;

import java.util.List;

/**
 * A mail transaction as accepted so far: the sender and every accepted recipient.
 *
 * @param sender reverse path, empty for the null sender
 */
public record Transaction(String sender, MailParameters parameters, List<AcceptedRecipient> recipients) {

  public Transaction {
    recipients = List.copyOf(recipients);
  }

  Transaction with(AcceptedRecipient recipient) {
    var all = new java.util.ArrayList<>(recipients);
    all.add(recipient);
    return new Transaction(sender, parameters, all);
  }

  public record AcceptedRecipient(String address, RcptParameters parameters) {}
}
