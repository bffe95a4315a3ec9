package dev.outpost.bounce;

import dev.outpost.spool.Envelope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * Writes a DSN (RFC 3464): a multipart/report of report-type delivery-status with three parts,
 * the words for a person, the message/delivery-status fields for software, and the original
 * message (RFC 3461 RET=FULL) or its headers (RET=HDRS, and the default).
 *
 * <p>Invariants of the output: CRLF line ends only, no line over 998 octets, and 7-bit
 * throughout except the To header when the sender's own address is not ASCII (then
 * {@link DsnMessage#smtpUtf8()} is set). Non-ASCII text goes quoted-printable.
 */
public final class DsnBuilder {
  /** RET=FULL returns messages up to this size in full, larger ones as headers only. */
  public static final int FULL_CONTENT_LIMIT = 1024 * 1024;

  private final String hostname;
  private final Clock clock;
  private final int fullContentLimit;

  public DsnBuilder(String hostname, Clock clock) {
    this(hostname, clock, FULL_CONTENT_LIMIT);
  }

  DsnBuilder(String hostname, Clock clock, int fullContentLimit) {
    this.hostname = hostname;
    this.clock = clock;
    this.fullContentLimit = fullContentLimit;
  }

  /**
   * Builds the DSN for {@code report}.
   *
   * @param dsnQueueId the queue id the DSN will have; it makes the Message-ID and the boundary unique
   * @param body opens the original's stored body (without Outpost's header prefix)
   */
  public DsnMessage build(DsnReport report, String dsnQueueId, BodySource body) throws IOException {
    Envelope original = report.original();
    boolean wantFull = original.ret() == Envelope.DsnRet.FULL;
    long size = (original.headerPrefix() == null ? 0 : original.headerPrefix().length) + original.bodySize();
    OriginalContent returned = OriginalContent.read(OriginalContent.of(original.headerPrefix(), body), size,
        wantFull, fullContentLimit);
    Instant now = clock.instant();
    String messageId = "<" + dsnQueueId + ".dsn@" + hostname + ">";
    String boundary = boundary(dsnQueueId, returned.bytes());
    String sender = original.sender();
    boolean utf8 = !MimeText.isAscii(sender);

    ByteArrayOutputStream out = new ByteArrayOutputStream(4096 + returned.bytes().length);
    write(out, MimeText.field("From", "Mail Delivery System <MAILER-DAEMON@" + hostname + ">"));
    write(out, "To: <" + sender + ">\r\n");
    write(out, MimeText.field("Subject", report.action().subject()));
    write(out, MimeText.field("Date", MimeText.date(now)));
    write(out, MimeText.field("Message-ID", messageId));
    write(out, "Auto-Submitted: auto-replied\r\n");
    write(out, "MIME-Version: 1.0\r\n");
    write(out, "Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"" + boundary + "\"\r\n");
    write(out, "\r\nThis is a MIME-encapsulated message.\r\n\r\n");

    write(out, "--" + boundary + "\r\n");
    write(out, "Content-Description: Notification\r\n");
    byte[] text = DsnText.humanReadable(report, hostname, returned.whyHeadersOnly()).getBytes(StandardCharsets.UTF_8);
    if (MimeText.isSevenBit(text, text.length)) {
      write(out, "Content-Type: text/plain; charset=us-ascii\r\n\r\n");
      out.write(text);
    } else {
      write(out, "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
      out.write(MimeText.quotedPrintable(text, text.length));
      write(out, "\r\n");
    }

    write(out, "\r\n--" + boundary + "\r\n");
    write(out, "Content-Description: Delivery report\r\nContent-Type: message/delivery-status\r\n\r\n");
    write(out, deliveryStatus(report, now));

    write(out, "\r\n--" + boundary + "\r\n");
    if (returned.full()) {
      write(out, "Content-Description: Undelivered Message\r\nContent-Type: message/rfc822\r\n\r\n");
      out.write(returned.bytes());
    } else {
      byte[] headers = returned.bytes();
      write(out, "Content-Description: Message Headers\r\n");
      if (MimeText.isSevenBit(headers, headers.length)) {
        write(out, "Content-Type: text/rfc822-headers\r\n\r\n");
        out.write(headers);
      } else {
        write(out, "Content-Type: text/rfc822-headers; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
        out.write(MimeText.quotedPrintable(headers, headers.length));
      }
    }
    byte[] last = returned.bytes();
    boolean endsWithNewline = last.length >= 2 && last[last.length - 2] == '\r' && last[last.length - 1] == '\n';
    write(out, (endsWithNewline || last.length == 0 ? "" : "\r\n") + "\r\n--" + boundary + "--\r\n");
    return new DsnMessage(report.action(), sender, messageId, out.toByteArray(), utf8);
  }

  /** The message/delivery-status part's body: per-message fields, then one block per recipient. */
  private String deliveryStatus(DsnReport report, Instant now) {
    Envelope original = report.original();
    StringBuilder s = new StringBuilder(512);
    s.append(MimeText.field("Reporting-MTA", "dns; " + hostname));
    s.append(MimeText.field("X-Outpost-Queue-ID", original.queueId()));
    if (original.envId() != null) s.append(MimeText.field("Original-Envelope-Id", MimeText.xtext(original.envId())));
    if (original.receivedAt() != null) s.append(MimeText.field("Arrival-Date", MimeText.date(original.receivedAt())));
    for (DsnRecipient r : report.recipients()) {
      s.append("\r\n");
      if (r.orcpt() != null) {
        int semi = r.orcpt().indexOf(';');
        s.append(MimeText.field("Original-Recipient",
            MimeText.address(r.orcpt().substring(0, semi), r.orcpt().substring(semi + 1))));
      }
      s.append(MimeText.field("Final-Recipient", MimeText.address("rfc822", r.address())));
      s.append(MimeText.field("Action", report.action().field()));
      s.append(MimeText.field("Status", r.status()));
      if (r.remoteMta() != null) s.append(MimeText.field("Remote-MTA", "dns; " + MimeText.printable(r.remoteMta())));
      String diagnostic = r.isRemoteReply() ? "smtp; " : "X-Outpost; ";
      s.append(MimeText.field("Diagnostic-Code", diagnostic + MimeText.printable(r.reason())));
      s.append(MimeText.field("Last-Attempt-Date", MimeText.date(r.lastAttemptAt() == null ? now : r.lastAttemptAt())));
      if (report.willRetryUntil() != null) {
        s.append(MimeText.field("Will-Retry-Until", MimeText.date(report.willRetryUntil())));
      }
    }
    return s.toString();
  }

  /** A boundary that cannot occur in the returned content (RFC 2046 5.1.1). */
  private static String boundary(String dsnQueueId, byte[] content) {
    String text = new String(content, StandardCharsets.ISO_8859_1);
    String boundary = "=_outpost_dsn_" + dsnQueueId;
    for (int n = 1; text.contains(boundary); n++) boundary = "=_outpost_dsn_" + dsnQueueId + "_" + n;
    return boundary;
  }

  private static void write(ByteArrayOutputStream out, String ascii) {
    out.writeBytes(ascii.getBytes(StandardCharsets.UTF_8));
  }
}
