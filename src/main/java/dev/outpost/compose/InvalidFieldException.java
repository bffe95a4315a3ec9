package dev.outpost.compose;

/**
 * A field of a message or a campaign template that cannot be used, named by its path in the
 * request ({@code to[2]}, {@code headers.X-Tag}), so the API can answer 400 naming it.
 */
public final class InvalidFieldException extends RuntimeException {
  private final String field;

  public InvalidFieldException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
