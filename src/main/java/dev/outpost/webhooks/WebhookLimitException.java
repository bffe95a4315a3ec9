package dev.outpost.webhooks;

/** The account has as many webhooks as it may have. */
public final class WebhookLimitException extends RuntimeException {
  WebhookLimitException(String message) {
    super(message, null, false, false);
  }
}
