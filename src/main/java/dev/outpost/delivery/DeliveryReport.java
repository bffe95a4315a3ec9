package dev.outpost.delivery;

import java.util.List;

/**
 * The result of handing one message to one connection.
 *
 * @param outcomes one per recipient, in the order the recipients were given
 * @param relay the remote end as {@code host[ip]:port}, for the mail log
 * @param connectionUsable false when the connection broke or got out of step; the caller must
 *     then close it and not send more messages over it
 */
public record DeliveryReport(List<RecipientOutcome> outcomes, String relay, boolean connectionUsable) {
  public DeliveryReport {
    outcomes = List.copyOf(outcomes);
  }
}
