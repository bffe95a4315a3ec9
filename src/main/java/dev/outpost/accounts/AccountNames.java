package dev.outpost.accounts;

import java.util.regex.Pattern;

/**
 * What an account name may be: short and plain, so that it fits in log lines, URLs and the
 * otpauth label without escaping.
 */
public final class AccountNames {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private AccountNames() {}

  public static String check(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("an account name is 1 to 64 letters, digits, '.', '_' or '-',"
          + " starting with a letter or digit: \"" + name + "\"");
    }
    return name;
  }
}
