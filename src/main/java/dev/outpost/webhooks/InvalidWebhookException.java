package dev.outpost.webhooks;

/** A webhook that cannot be created as asked, naming the request field at fault. */
public final class InvalidWebhookException extends RuntimeException {
  private final String field;

  InvalidWebhookException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  /** The field at fault: {@code url}, {@code description}, or null for the request as a whole. */
  public String field() {
    return field;
  }
}
