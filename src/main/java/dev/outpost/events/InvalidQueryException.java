package dev.outpost.events;

/**
 * A query parameter that cannot be used, named so that the caller can say which one: the HTTP
 * API answers 400 with {@link #field} and the message.
 */
public final class InvalidQueryException extends IllegalArgumentException {
  private final String field;

  public InvalidQueryException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** The parameter's name as the API spells it, e.g. {@code limit}. */
  public String field() {
    return field;
  }
}
