package dev.outpost.accounts;

/** What an API key may do: act for its own account only, or administer every account. */
public enum ApiKeyScope {
  ACCOUNT,
  ADMIN;

  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static ApiKeyScope ofKey(String key) {
    return valueOf(key.toUpperCase(java.util.Locale.ROOT));
  }
}
