package dev.outpost.testkit;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * A message as an {@link SmtpSink} accepted it.
 *
 * @param connection which connection brought it, counting from 1 in accept order
 * @param sender the reverse path of MAIL FROM, without angle brackets
 * @param mailParameters what followed the reverse path ("SIZE=5120 BODY=8BITMIME"), or ""
 * @param recipients the accepted forward paths
 * @param data the message as received, dot-unstuffed, with CRLF line ends, without the final dot
 * @param arrivedAt when the final dot was read, before the sink replied
 * @param tls whether the connection was encrypted
 * @param clientAddress the address the client connected from
 * @param heloName what the client said in EHLO or HELO on that connection, or null
 */
public record ReceivedMessage(
    int connection, String sender, String mailParameters, List<String> recipients, byte[] data,
    Instant arrivedAt, boolean tls, InetAddress clientAddress, String heloName) {

  public ReceivedMessage {
    recipients = List.copyOf(recipients);
  }

  public String dataAsString() {
    return new String(data, StandardCharsets.UTF_8);
  }
}
