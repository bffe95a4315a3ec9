package dev.outpost.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.EventJson;
import java.util.List;

/**
 * The body of a POST: the webhook and delivery ids (inside the signed body, so that a receiver
 * can refuse a replay by them) and the events, each as the event API shows it ({@link EventJson}).
 */
final class WebhookPayload {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private WebhookPayload() {}

  record Body(
      @JsonProperty("webhook_id") String webhookId,
      @JsonProperty("delivery_id") String deliveryId,
      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean test,
      List<EventJson> events) {}

  static byte[] events(String webhookId, String deliveryId, List<DeliveryEvent> events) {
    return write(new Body(webhookId, deliveryId, null, events.stream().map(EventJson::of).toList()));
  }

  /** A test POST: no events, and {@code "test": true}. */
  static byte[] test(String webhookId, String deliveryId) {
    return write(new Body(webhookId, deliveryId, true, List.of()));
  }

  private static byte[] write(Body body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("webhook payload not serialisable", e);
    }
  }
}
