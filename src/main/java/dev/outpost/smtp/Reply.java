package dev.outpost.smtp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One SMTP reply: a three-digit code, an RFC 3463 enhanced status code (absent only on the
 * greeting and on replies to EHLO/HELO), and one or more text lines.
 */
public record Reply(int code, String enhanced, List<String> lines) {

  public Reply {
    if (code < 200 || code > 599) throw new IllegalArgumentException("reply code " + code);
    lines = List.copyOf(lines);
    if (lines.isEmpty()) throw new IllegalArgumentException("a reply needs at least one line");
  }

  public Reply(int code, String enhanced, String text) {
    this(code, enhanced, List.of(text));
  }

  public boolean isPositive() {
    return code < 400;
  }

  /** The same reply with another text, for replies whose words depend on the situation. */
  public Reply withText(String text) {
    return new Reply(code, enhanced, text);
  }

  /** Wire form: every line but the last uses {@code code-}, each line ends with CRLF. */
  public byte[] toBytes() {
    StringBuilder out = new StringBuilder(64);
    for (int i = 0; i < lines.size(); i++) {
      out.append(code).append(i == lines.size() - 1 ? ' ' : '-');
      if (enhanced != null) out.append(enhanced).append(' ');
      out.append(lines.get(i)).append("\r\n");
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** One line for logs: {@code 250 2.0.0 Ok}. */
  @Override
  public String toString() {
    return code + (enhanced == null ? "" : " " + enhanced) + " " + String.join(" / ", lines);
  }
}
