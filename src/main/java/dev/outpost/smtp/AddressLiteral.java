package dev.outpost.smtp;

import java.util.regex.Pattern;

/** RFC 5321 §4.1.3 address literals: {@code 192.0.2.1} or {@code IPv6:2001:db8::1}. */
final class AddressLiteral {
  private static final Pattern V4 = Pattern.compile(
      "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
  private static final Pattern V6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private AddressLiteral() {}

  static boolean isValid(String literal) {
    if (V4.matcher(literal).matches()) return true;
    if (literal.regionMatches(true, 0, "IPv6:", 0, 5)) {
      String v6 = literal.substring(5);
      if (!V6_CHARS.matcher(v6).matches()) return false;
      try {
        return java.net.InetAddress.getByName(v6) instanceof java.net.Inet6Address;
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
    return false;
  }
}
