package dev.outpost.bounce;

/**
 * The first part of a DSN, for the person who sent the message: what happened, to whom, the
 * remote server's own words, and what the category of the failure means and suggests.
 */
final class DsnText {
  private static final int WIDTH = 72;

  private DsnText() {}

  static String humanReadable(DsnReport report, String hostname, String whyHeadersOnly) {
    StringBuilder s = new StringBuilder(1024);
    s.append(MimeText.wrap("This is the mail system at " + hostname + ".", WIDTH, ""));
    s.append("\r\n");
    String opening = switch (report.action()) {
      case FAILED -> "Your message could not be delivered to the recipients below. The mail system has given up"
          + " on them and will not try again.";
      case DELAYED -> "Your message has not yet been delivered to the recipients below. The mail system keeps"
          + " trying until " + MimeText.date(report.willRetryUntil()) + "; you do not need to send it again."
          + " This is a warning only.";
      case RELAYED -> "Your message was accepted by the mail servers of the recipients below. You asked to be told"
          + " (NOTIFY=SUCCESS); those servers may not send a further notice of their own.";
    };
    s.append(MimeText.wrap(opening, WIDTH, ""));
    for (DsnRecipient r : report.recipients()) {
      s.append("\r\n");
      s.append(MimeText.wrap("<" + r.address() + ">: " + oneLine(r.reason()), WIDTH, ""));
      BounceCategory c = r.category();
      if (c != null) {
        s.append(MimeText.wrap("Category: " + c.id() + " (" + (c.hard() ? "hard" : "soft") + " bounce).",
            WIDTH, "    "));
        s.append(MimeText.wrap("What it means: " + c.explanation() + ".", WIDTH, "    "));
        s.append(MimeText.wrap("What to do: " + c.advice(), WIDTH, "    "));
      }
    }
    if (whyHeadersOnly != null) {
      s.append("\r\n");
      s.append(MimeText.wrap("Only the headers of your message are attached: " + whyHeadersOnly + ".", WIDTH, ""));
    }
    return s.toString();
  }

  private static String oneLine(String reason) {
    return reason == null ? "" : reason.replace('\r', ' ').replace('\n', ' ');
  }
}
