package dev.outpost.pipeline;

import dev.outpost.policy.SuppressionMatch;
import dev.outpost.smtp.Reply;
import java.util.List;

/**
 * What policy says of a whole envelope handed over at once (HTTP API, campaigns): what SMTP asks
 * at MAIL FROM and at each RCPT TO, with suppressed recipients set aside and named.
 */
public sealed interface EnvelopeCheck {

  /** The sender may not be used, or the account may send nothing more now. */
  record SenderRefused(Reply reply) implements EnvelopeCheck {}

  /** One recipient was refused for a reason other than suppression (a limit, relaying). */
  record RecipientRefused(int index, String recipient, Reply reply) implements EnvelopeCheck {}

  /**
   * @param accepted the recipients to send to, in the order given
   * @param suppressed the recipients left out, with the entry that applies
   */
  record Checked(List<String> accepted, List<Suppressed> suppressed) implements EnvelopeCheck {
    public Checked {
      accepted = List.copyOf(accepted);
      suppressed = List.copyOf(suppressed);
    }
  }

  /** A recipient on a suppression list: position in the request, address, and the entry. */
  record Suppressed(int index, String recipient, SuppressionMatch match) {}
}
