package dev.outpost.reputation;

/** The results of an SPF evaluation, RFC 7208 section 2.6. */
public enum SpfResult {
  PASS,
  FAIL,
  SOFTFAIL,
  NEUTRAL,
  NONE,
  PERMERROR,
  TEMPERROR;

  static SpfResult ofQualifier(char qualifier) {
    return switch (qualifier) {
      case '-' -> FAIL;
      case '~' -> SOFTFAIL;
      case '?' -> NEUTRAL;
      default -> PASS;
    };
  }
}
