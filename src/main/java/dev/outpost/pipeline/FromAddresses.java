package dev.outpost.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * The addr-specs of an RFC 5322 From field value: each {@code <angle-addr>}, or each bare address
 * of a mailbox list. Display names, quoted strings and comments are skipped, so that a display
 * name such as {@code "ceo@bank.example" <x@spam.example>} cannot pass for the address.
 */
public final class FromAddresses {
  private FromAddresses() {}

  public static List<String> parse(String value) {
    List<String> addresses = new ArrayList<>();
    StringBuilder bare = new StringBuilder();
    boolean sawAngle = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        i = closingQuote(value, i);
      } else if (c == '(') {
        i = skipComment(value, i) - 1;
      } else if (c == '<') {
        int end = value.indexOf('>', i);
        if (end < 0) end = value.length();
        addresses.add(value.substring(i + 1, end).trim());
        sawAngle = true;
        bare.setLength(0);
        i = end;
      } else if (c == ',') {
        if (!sawAngle && !bare.toString().isBlank()) addresses.add(bare.toString().trim());
        bare.setLength(0);
        sawAngle = false;
      } else {
        bare.append(c);
      }
    }
    if (!sawAngle && !bare.toString().isBlank()) addresses.add(bare.toString().trim());
    addresses.removeIf(a -> a.isEmpty() || a.endsWith(":;") || a.endsWith(";"));
    return addresses;
  }

  private static int closingQuote(String s, int open) {
    for (int i = open + 1; i < s.length(); i++) {
      if (s.charAt(i) == '\\') i++;
      else if (s.charAt(i) == '"') return i;
    }
    return s.length();
  }

  private static int skipComment(String s, int open) {
    int level = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '(') {
        level++;
      } else if (c == ')' && --level == 0) {
        return i + 1;
      }
    }
    return s.length();
  }
}
