package dev.outpost.delivery;

import dev.outpost.config.DeliveryConfig;
import dev.outpost.config.OutpostConfig;
import java.time.Duration;

/**
 * How the client behaves on a connection: its EHLO name, the RFC 5321 4.5.3.2 timeouts of each
 * phase, transaction size and TLS policy. The queue derives a connection's settings from the
 * configured ones with the withers: the EHLO name of the chosen source address, the site's
 * recipients per message, the destination's TLS policy.
 *
 * @param heloName the name sent in EHLO/HELO ({@code server.hostname}, or the source address's)
 * @param recipientsPerTransaction RCPT commands per transaction; more recipients take more transactions
 */
public record ClientSettings(
    String heloName,
    Duration connectTimeout,
    Duration greetingTimeout,
    Duration commandTimeout,
    Duration dataTimeout,
    Duration finalReplyTimeout,
    int recipientsPerTransaction,
    TlsPolicy tls) {

  public ClientSettings {
    ClientCommand.checkSafe("EHLO name", heloName);
    if (recipientsPerTransaction < 1) throw new IllegalArgumentException("recipientsPerTransaction must be at least 1");
  }

  public static ClientSettings from(OutpostConfig config) {
    DeliveryConfig d = config.delivery();
    return new ClientSettings(config.server().hostname(), d.connectTimeout(), d.greetingTimeout(),
        d.commandTimeout(), d.dataTimeout(), d.finalReplyTimeout(), d.recipientsPerTransaction(),
        TlsPolicy.OPPORTUNISTIC);
  }

  public ClientSettings withTls(TlsPolicy policy) {
    return new ClientSettings(heloName, connectTimeout, greetingTimeout, commandTimeout, dataTimeout,
        finalReplyTimeout, recipientsPerTransaction, policy);
  }

  public ClientSettings withHeloName(String name) {
    return new ClientSettings(name, connectTimeout, greetingTimeout, commandTimeout, dataTimeout,
        finalReplyTimeout, recipientsPerTransaction, tls);
  }

  public ClientSettings withRecipientsPerTransaction(int n) {
    return new ClientSettings(heloName, connectTimeout, greetingTimeout, commandTimeout, dataTimeout,
        finalReplyTimeout, n, tls);
  }
}
