package dev.outpost.accounts;

/**
 * A newly issued key: the secret, shown to the operator once and then forgotten, and what was
 * stored.
 */
public record IssuedApiKey(String secret, ApiKey stored) {
  @Override
  public String toString() {
    return "IssuedApiKey[hint=" + stored.hint() + ", account=" + stored.account() + "]";
  }
}
