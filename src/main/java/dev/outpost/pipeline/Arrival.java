package dev.outpost.pipeline;

import dev.outpost.spool.Envelope.BodyType;
import dev.outpost.spool.Envelope.DsnRet;
import dev.outpost.spool.Recipient;
import java.net.InetAddress;
import java.util.List;

/**
 * How a message came in: its envelope as the transport received it and the facts of the trace
 * field. SMTP fills it from the session; the HTTP API and campaigns from the request.
 *
 * @param sender reverse path, empty for the null sender
 * @param recipients the accepted recipients, addresses as given (a bare {@code Postmaster} too)
 * @param helo the client's EHLO name, or null where the transport has none
 * @param client the client's address, or null for mail Outpost makes itself
 * @param protocol the Received field's "with" keyword: ESMTPS, UTF8SMTP, HTTP, ...
 * @param tls "TLSv1.3 with cipher X", or null
 * @param smtpUtf8 the message needs SMTPUTF8 on its way out
 * @param bodyType 8BITMIME when the content has octets above 127
 * @param ret RET= of MAIL FROM, or null
 * @param envId ENVID= of MAIL FROM, or null
 * @param via where it came in, for the mail log: a listener's name, {@code http}, or {@code campaign}
 */
public record Arrival(
    String sender,
    List<Recipient> recipients,
    String helo,
    InetAddress client,
    String protocol,
    String tls,
    boolean smtpUtf8,
    BodyType bodyType,
    DsnRet ret,
    String envId,
    String via) {

  public Arrival {
    recipients = List.copyOf(recipients);
  }

  Arrival withRecipients(List<Recipient> kept) {
    return new Arrival(sender, kept, helo, client, protocol, tls, smtpUtf8, bodyType, ret, envId, via);
  }

  /** 8BITMIME when any octet is above 127, as SMTP's DATA decoder decides it. */
  public static BodyType bodyTypeOf(byte[] content) {
    for (byte b : content) {
      if (b < 0) return BodyType.EIGHT_BITMIME;
    }
    return BodyType.SEVEN_BIT;
  }

  /** The client's address as the envelope and the log show it, or null. */
  String clientText() {
    return client == null ? null : client.getHostAddress();
  }
}
