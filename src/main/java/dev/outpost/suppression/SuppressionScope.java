package dev.outpost.suppression;

/**
 * Whose suppression list an entry is on: one account's, or the global list that applies to every
 * sender. The global list is stored under {@code *}, which no account name can be.
 */
public sealed interface SuppressionScope {

  SuppressionScope GLOBAL = new Global();

  /** The key in the store. */
  String key();

  /** The name in replies and CLI output. */
  String display();

  record Global() implements SuppressionScope {
    @Override
    public String key() {
      return "*";
    }

    @Override
    public String display() {
      return "global";
    }
  }

  record Account(String name) implements SuppressionScope {
    @Override
    public String key() {
      return name;
    }

    @Override
    public String display() {
      return name;
    }
  }

  static SuppressionScope ofKey(String key) {
    return key.equals("*") ? GLOBAL : new Account(key);
  }

  static SuppressionScope account(String name) {
    return new Account(name);
  }
}
