package dev.outpost.bounce;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a classifier looks at: the remote reply, or Outpost's own reason when the attempt did not
 * get a reply (a refused connection, a TLS failure, expiry).
 *
 * @param replyCode the three-digit SMTP reply code, or 0 when there was no remote reply
 * @param status the RFC 3463 enhanced status code, remote or local, e.g. "5.1.1"; never null
 * @param text the whole reply on one line ("550 5.1.1 no such user"), or the local reason
 */
public record FailureReason(int replyCode, String status, String text) {
  private static final Pattern LEADING_CODE = Pattern.compile("^([2-5][0-9][0-9])(?:[ -]|$)");

  public FailureReason {
    if (replyCode != 0 && (replyCode < 200 || replyCode > 599)) {
      throw new IllegalArgumentException("reply code " + replyCode + " is outside 200-599");
    }
    if (status == null) throw new IllegalArgumentException("status is required");
    if (text == null) text = "";
  }

  /**
   * From what the queue records for a recipient: its status code and its detail, which starts
   * with the reply code when it is a remote reply ("550 5.1.1 ...") and with words otherwise.
   */
  public static FailureReason of(String status, String detail) {
    String text = detail == null ? "" : detail;
    Matcher m = LEADING_CODE.matcher(text);
    int code = m.find() ? Integer.parseInt(m.group(1)) : 0;
    return new FailureReason(code, status, text);
  }
}
