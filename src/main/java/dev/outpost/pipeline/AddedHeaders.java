package dev.outpost.pipeline;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The header lines Outpost puts in front of a received message: a Received trace field always,
 * and Message-ID and Date when the client left them out. They are stored beside the body in the
 * envelope rather than spliced into it, so the body is written once, as it arrives.
 */
public final class AddedHeaders {
  private static final DateTimeFormatter RFC5322 =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

  private AddedHeaders() {}

  /**
   * @param helo the client's EHLO/HELO argument, or null where the transport has none (HTTP)
   * @param client the submitting client's address, or null for mail Outpost makes itself (a
   *     campaign's messages): the trace then has no "from" clause, like a local pickup's
   * @param protocol RFC 3848 / RFC 6531 "with" keyword, e.g. ESMTPS or UTF8SMTPS, or HTTP(S)
   * @param tls "TLSv1.3 with cipher X", or null without TLS
   * @param singleRecipient the "for" clause when the message has exactly one recipient, else null
   */
  public record Trace(String helo, InetAddress client, String hostname, String protocol, String queueId, String tls,
      String singleRecipient, ZonedDateTime time) {}

  public static byte[] build(Trace trace, boolean addMessageId, boolean addDate) {
    StringBuilder out = new StringBuilder(256);
    String date = RFC5322.format(trace.time().withZoneSameInstant(ZoneOffset.UTC));
    out.append("Received: ");
    if (trace.client() != null && trace.helo() != null) {
      out.append("from ").append(clean(trace.helo()))
          .append(" (").append(addressLiteral(trace.client())).append(")\r\n\t");
    } else if (trace.client() != null) {
      out.append("from ").append(addressLiteral(trace.client())).append("\r\n\t");
    }
    out.append("by ").append(trace.hostname()).append(" (Outpost) with ").append(trace.protocol())
        .append(" id ").append(trace.queueId()).append("\r\n");
    if (trace.tls() != null) out.append("\t(using ").append(trace.tls()).append(")\r\n");
    if (trace.singleRecipient() != null) out.append("\tfor <").append(trace.singleRecipient()).append(">;\r\n");
    else out.setLength(out.length() - 2);
    if (trace.singleRecipient() == null) out.append(";\r\n");
    out.append('\t').append(date).append("\r\n");
    if (addMessageId) out.append("Message-ID: <").append(trace.queueId()).append('@').append(trace.hostname()).append(">\r\n");
    if (addDate) out.append("Date: ").append(date).append("\r\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The client's words go into a header of a message that may be 7-bit: keep them printable
   * ASCII, short, and free of the characters that structure a Received field.
   */
  private static String clean(String helo) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < helo.length() && s.length() < 255; i++) {
      char c = helo.charAt(i);
      s.append(c < 0x21 || c > 0x7e || c == '(' || c == ')' || c == ';' ? '_' : c);
    }
    return s.toString();
  }

  /** RFC 5321 §4.1.3 address literal: {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}. */
  private static String addressLiteral(InetAddress address) {
    return address instanceof java.net.Inet6Address
        ? "[IPv6:" + address.getHostAddress() + "]"
        : "[" + address.getHostAddress() + "]";
  }
}
