package dev.outpost.delivery;

import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * One message to hand to one destination: its envelope, the recipients that go there (a subset
 * of the envelope's pending recipients), and where to read the stored body from.
 */
public record OutboundMessage(Envelope envelope, List<Recipient> recipients, BodySource body) {

  public OutboundMessage {
    recipients = List.copyOf(recipients);
    if (recipients.isEmpty()) throw new IllegalArgumentException("a message needs at least one recipient");
  }

  /** Octets sent as DATA before stuffing: Outpost's header lines plus the stored body. */
  public long size() {
    return envelope.headerPrefix().length + envelope.bodySize();
  }

  /**
   * RFC 6531: needed when an address is not plain ASCII. A client that asked for SMTPUTF8 with
   * ASCII addresses gets it passed on where offered, but the message can still go elsewhere.
   */
  public boolean needsSmtpUtf8() {
    if (!isAscii(envelope.sender())) return true;
    for (Recipient r : recipients) {
      if (!isAscii(r.address())) return true;
    }
    return false;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7f) return false;
    }
    return true;
  }

  /** Opens the stored body (without the header prefix); each call starts from the beginning. */
  @FunctionalInterface
  public interface BodySource {
    InputStream open() throws IOException;
  }
}
