package dev.outpost.delivery;

import java.util.ArrayList;
import java.util.List;

/**
 * Assembles reply lines into {@link SmtpReply} values. Strict: each line is three digits, then
 * '-' (more lines follow), ' ' or nothing (last line), and every line of a reply carries the
 * same code. Lines and the number of lines are bounded so a hostile server cannot make the
 * client hold unbounded text.
 *
 * <p>Not thread-safe; one parser per connection. Between replies it holds no state.
 */
public final class ReplyParser {
  /** RFC 5321 4.5.3.1.5 allows 512 octets; real servers exceed it, so allow some slack. */
  public static final int MAX_LINE_LENGTH = 2048;
  public static final int MAX_LINES = 100;

  private final List<String> texts = new ArrayList<>();
  private int code = -1;

  /**
   * Accepts one line without its CRLF. Returns the reply when this was its last line, otherwise
   * null.
   */
  public SmtpReply accept(String line) throws MalformedReplyException {
    if (line.length() > MAX_LINE_LENGTH) {
      throw fail("reply line longer than " + MAX_LINE_LENGTH + " characters");
    }
    if (line.length() < 3 || !validCode(line)) {
      throw fail("not an SMTP reply line: \"" + printable(line) + "\"");
    }
    for (int i = 3; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) throw fail("control character in reply line \"" + printable(line) + "\"");
    }
    int lineCode = Integer.parseInt(line, 0, 3, 10);
    boolean last;
    if (line.length() == 3) {
      last = true;
    } else if (line.charAt(3) == ' ') {
      last = true;
    } else if (line.charAt(3) == '-') {
      last = false;
    } else {
      throw fail("expected ' ' or '-' after the reply code: \"" + printable(line) + "\"");
    }
    if (code >= 0 && lineCode != code) {
      throw fail("reply code changed from " + code + " to " + lineCode + " within one reply");
    }
    if (texts.size() >= MAX_LINES) throw fail("reply longer than " + MAX_LINES + " lines");
    code = lineCode;
    texts.add(line.length() > 4 ? line.substring(4) : "");
    if (!last) return null;
    SmtpReply reply = SmtpReply.of(code, texts);
    texts.clear();
    code = -1;
    return reply;
  }

  /** True between the first and last line of a reply. */
  public boolean inProgress() {
    return code >= 0;
  }

  private static boolean validCode(String line) {
    char a = line.charAt(0);
    char b = line.charAt(1);
    char c = line.charAt(2);
    return a >= '2' && a <= '5' && b >= '0' && b <= '5' && c >= '0' && c <= '9';
  }

  private MalformedReplyException fail(String message) {
    texts.clear();
    code = -1;
    return new MalformedReplyException(message);
  }

  private static String printable(String line) {
    String cut = line.length() > 80 ? line.substring(0, 80) + "…" : line;
    StringBuilder s = new StringBuilder(cut.length());
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      s.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return s.toString();
  }
}
