package dev.outpost.delivery;

import dev.outpost.config.DeliveryConfig;
import dev.outpost.config.OutpostConfig;
import java.time.Duration;

/**
 * How the client behaves on every connection: its EHLO name, the RFC 5321 4.5.3.2 timeouts of
 * each phase, and transaction size.
 *
 * @param heloName the name sent in EHLO/HELO ({@code server.hostname})
 * @param recipientsPerTransaction RCPT commands per transaction; more recipients take more transactions
 * @param opportunisticTls use STARTTLS when offered, accepting any certificate
 */
public record ClientSettings(
    String heloName,
    Duration connectTimeout,
    Duration greetingTimeout,
    Duration commandTimeout,
    Duration dataTimeout,
    Duration finalReplyTimeout,
    int recipientsPerTransaction,
    boolean opportunisticTls) {

  public ClientSettings {
    ClientCommand.checkSafe("EHLO name", heloName);
    if (recipientsPerTransaction < 1) throw new IllegalArgumentException("recipientsPerTransaction must be at least 1");
  }

  public static ClientSettings from(OutpostConfig config) {
    DeliveryConfig d = config.delivery();
    return new ClientSettings(config.server().hostname(), d.connectTimeout(), d.greetingTimeout(),
        d.commandTimeout(), d.dataTimeout(), d.finalReplyTimeout(), d.recipientsPerTransaction(), true);
  }

  public ClientSettings withOpportunisticTls(boolean enabled) {
    return new ClientSettings(heloName, connectTimeout, greetingTimeout, commandTimeout, dataTimeout,
        finalReplyTimeout, recipientsPerTransaction, enabled);
  }
}
