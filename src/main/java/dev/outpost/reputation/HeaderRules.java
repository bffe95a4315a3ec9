package dev.outpost.reputation;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rules on the header: the fields RFC 5322 requires, one-click unsubscribe (RFC 8058, required
 * by Gmail and Yahoo of bulk senders), DKIM alignment with From, and the subject line.
 */
final class HeaderRules {
  private static final int CAPS_MIN_LETTERS = 6;

  private HeaderRules() {}

  static void check(LintedMessage m, List<LintFinding> out) {
    if (m.first("Date") == null) {
      out.add(new LintFinding("missing-date", 1.0, "no Date field (RFC 5322 3.6 requires one)"));
    }
    if (m.first("Message-ID") == null) {
      out.add(new LintFinding("missing-message-id", 1.0, "no Message-ID field; filters score mail without one"));
    }
    String fromDomain = fromDomain(m, out);
    unsubscribe(m, out);
    if (fromDomain != null) dkimAlignment(m, fromDomain, out);
    subject(m.first("Subject"), out);
  }

  private static String fromDomain(LintedMessage m, List<LintFinding> out) {
    String from = m.first("From");
    if (from == null) {
      out.add(new LintFinding("missing-from", 3.0, "no From field (RFC 5322 3.6 requires one)"));
      return null;
    }
    try {
      InternetAddress[] addresses = InternetAddress.parseHeader(from, false);
      String address = addresses.length == 0 ? "" : addresses[0].getAddress();
      int at = address == null ? -1 : address.lastIndexOf('@');
      if (at > 0) return address.substring(at + 1).toLowerCase(Locale.ROOT);
    } catch (AddressException malformed) {
      // reported below
    }
    out.add(new LintFinding("bad-from", 2.5, "the From field \"" + from + "\" has no valid address"));
    return null;
  }

  private static void unsubscribe(LintedMessage m, List<LintFinding> out) {
    String header = m.first("List-Unsubscribe");
    if (header == null) {
      out.add(new LintFinding("no-list-unsubscribe", 2.0, "no List-Unsubscribe field: Gmail and Yahoo require"
          + " one-click unsubscribe of bulk senders (RFC 8058)"));
      return;
    }
    String post = m.first("List-Unsubscribe-Post");
    boolean https = header.toLowerCase(Locale.ROOT).contains("<https://");
    if (post == null || !post.replaceAll("\\s", "").equalsIgnoreCase("List-Unsubscribe=One-Click") || !https) {
      out.add(new LintFinding("no-one-click-unsubscribe", 1.0, "List-Unsubscribe is there, but one-click"
          + " unsubscribe needs an https URL in it and \"List-Unsubscribe-Post: List-Unsubscribe=One-Click\""));
    }
  }

  private static void dkimAlignment(LintedMessage m, String fromDomain, List<LintFinding> out) {
    List<String> signers = new ArrayList<>();
    for (String sig : m.all("DKIM-Signature")) {
      String d = TagList.parse(sig).get("d");
      if (d != null) signers.add(d.toLowerCase(Locale.ROOT));
    }
    if (signers.isEmpty()) return;
    if (signers.stream().noneMatch(d -> OrganizationalDomain.aligned(d, fromDomain, false))) {
      out.add(new LintFinding("dkim-not-aligned", 2.0, "signed by " + String.join(", ", signers) + " but From is"
          + " at " + fromDomain + ": the signature cannot pass DMARC; sign with a key of " + fromDomain));
    }
  }

  private static void subject(String subject, List<LintFinding> out) {
    if (subject == null || subject.isBlank()) {
      out.add(new LintFinding("missing-subject", 1.0, "no Subject, or an empty one"));
      return;
    }
    long letters = subject.chars().filter(Character::isLetter).count();
    long upper = subject.chars().filter(Character::isUpperCase).count();
    if (letters >= CAPS_MIN_LETTERS && upper * 10 >= letters * 8) {
      out.add(new LintFinding("subject-all-caps", 1.5, "the subject \"" + subject + "\" is in capitals"));
    }
    long bangs = subject.chars().filter(c -> c == '!').count();
    if (bangs >= 2) {
      out.add(new LintFinding("subject-exclamations", 1.0, "the subject has " + bangs + " exclamation marks"));
    }
  }
}
