package dev.outpost.bounce;

import java.util.regex.Pattern;

/**
 * One line of the classification table: a category and the conditions a failure must meet for
 * it. A condition left null matches anything, but at least one is given; all given must match.
 *
 * @param code a reply code pattern of three characters, digits or {@code x} ("550", "5xx", "42x")
 * @param status an enhanced status code pattern, each part a number or {@code X} ("5.1.1", "X.2.2", "4.7.X")
 * @param text a regular expression searched for in the reply text, case-insensitively
 * @param origin where the rule was written, for messages: {@code extra.toml rule[3]}
 */
public record BounceRule(BounceCategory category, String code, String status, Pattern text, String origin) {
  private static final Pattern CODE = Pattern.compile("[2-5][0-9x][0-9x]");
  private static final Pattern STATUS = Pattern.compile("([245]|X)\\.([0-9]{1,3}|X)\\.([0-9]{1,3}|X)");

  public BounceRule {
    if (category == null) throw new IllegalArgumentException("category is required");
    if (code == null && status == null && text == null) {
      throw new IllegalArgumentException("give at least one of code, status and text");
    }
    if (code != null && !CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("code must be three characters, digits or x, such as \"550\" or \"5xx\"; got \""
          + code + "\"");
    }
    if (status != null && !STATUS.matcher(status).matches()) {
      throw new IllegalArgumentException("status must look like \"5.1.1\", with X for any part (\"X.2.2\"); got \""
          + status + "\"");
    }
  }

  public boolean matches(FailureReason reason) {
    return codeMatches(reason.replyCode()) && statusMatches(reason.status())
        && (text == null || text.matcher(reason.text()).find());
  }

  private boolean codeMatches(int replyCode) {
    if (code == null) return true;
    if (replyCode == 0) return false;
    String actual = Integer.toString(replyCode);
    for (int i = 0; i < 3; i++) {
      if (code.charAt(i) != 'x' && code.charAt(i) != actual.charAt(i)) return false;
    }
    return true;
  }

  private boolean statusMatches(String actual) {
    if (status == null) return true;
    String[] want = status.split("\\.");
    String[] got = actual.split("\\.");
    if (got.length != 3) return false;
    for (int i = 0; i < 3; i++) {
      if (!want[i].equals("X") && !stripZeros(want[i]).equals(stripZeros(got[i]))) return false;
    }
    return true;
  }

  private static String stripZeros(String n) {
    int i = 0;
    while (i < n.length() - 1 && n.charAt(i) == '0') i++;
    return n.substring(i);
  }
}
