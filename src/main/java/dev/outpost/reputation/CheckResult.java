package dev.outpost.reputation;

/**
 * One line of a domain check.
 *
 * @param name what was checked: {@code SPF}, {@code DKIM s1}, {@code PTR 192.0.2.1}
 * @param verdict pass, warn or fail
 * @param explanation what was found, in words an operator can act on
 * @param fix the exact record to publish or change, or empty when nothing is to be done
 */
public record CheckResult(String name, Verdict verdict, String explanation, String fix) {

  static CheckResult pass(String name, String explanation) {
    return new CheckResult(name, Verdict.PASS, explanation, "");
  }

  static CheckResult warn(String name, String explanation, String fix) {
    return new CheckResult(name, Verdict.WARN, explanation, fix);
  }

  static CheckResult fail(String name, String explanation, String fix) {
    return new CheckResult(name, Verdict.FAIL, explanation, fix);
  }
}
