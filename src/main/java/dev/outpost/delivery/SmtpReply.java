package dev.outpost.delivery;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One reply of a remote SMTP server (RFC 5321 4.2), possibly spanning several lines.
 *
 * @param code the three-digit reply code
 * @param enhancedCode the RFC 3463 status code that opens the first line ("5.1.1"), or null
 * @param lines the text of each line, without the code, separator or enhanced code
 */
public record SmtpReply(int code, String enhancedCode, List<String> lines) {
  private static final Pattern ENHANCED = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

  public SmtpReply {
    if (code < 200 || code > 599) throw new IllegalArgumentException("reply code " + code + " is outside 200-599");
    lines = List.copyOf(lines);
    if (lines.isEmpty()) throw new IllegalArgumentException("a reply has at least one line");
  }

  /**
   * Builds a reply from the texts after each line's code, taking the enhanced status code from
   * the first line when its class matches the reply's class, as RFC 3463 requires.
   */
  public static SmtpReply of(int code, List<String> texts) {
    String first = texts.getFirst();
    int space = first.indexOf(' ');
    String candidate = space < 0 ? first : first.substring(0, space);
    if (ENHANCED.matcher(candidate).matches() && candidate.charAt(0) - '0' == code / 100) {
      String rest = space < 0 ? "" : first.substring(space + 1);
      List<String> stripped = new java.util.ArrayList<>(texts.size());
      stripped.add(rest);
      for (int i = 1; i < texts.size(); i++) {
        String line = texts.get(i);
        stripped.add(line.startsWith(candidate + " ") ? line.substring(candidate.length() + 1) : line);
      }
      return new SmtpReply(code, candidate, stripped);
    }
    return new SmtpReply(code, null, texts);
  }

  /** Convenience for tests and local reasons: {@code SmtpReply.parse("250 2.0.0 Ok")}. */
  public static SmtpReply parse(String singleLine) {
    try {
      SmtpReply reply = new ReplyParser().accept(singleLine);
      if (reply == null) throw new IllegalArgumentException("not a complete reply: " + singleLine);
      return reply;
    } catch (MalformedReplyException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  public boolean isPositive() {
    return code / 100 == 2;
  }

  /** 3xx: the server waits for more, such as the message after DATA. */
  public boolean isIntermediate() {
    return code / 100 == 3;
  }

  public boolean isTransient() {
    return code / 100 == 4;
  }

  public boolean isPermanent() {
    return code / 100 == 5;
  }

  /** The enhanced code, or the class default ("4.0.0") when the server sent none, as Postfix logs it. */
  public String dsn() {
    return enhancedCode != null ? enhancedCode : (code / 100) + ".0.0";
  }

  /** All lines on one line for logs and the spool: {@code 550 5.1.1 no such user (line 2)}. */
  public String oneLine() {
    StringBuilder s = new StringBuilder(64).append(code);
    if (enhancedCode != null) s.append(' ').append(enhancedCode);
    for (String line : lines) {
      if (!line.isEmpty()) s.append(' ').append(line);
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return oneLine();
  }
}
