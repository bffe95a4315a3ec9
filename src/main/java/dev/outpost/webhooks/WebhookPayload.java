package dev.outpost.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.events.DeliveryEvent;
import java.util.List;

/**
 * The body of a POST: the webhook and delivery ids (inside the signed body, so that a receiver
 * can refuse a replay by them) and the events, each with the fields and names of the event API
 * (docs/events.md), absent fields as null.
 */
final class WebhookPayload {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private WebhookPayload() {}

  record Body(
      @JsonProperty("webhook_id") String webhookId,
      @JsonProperty("delivery_id") String deliveryId,
      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean test,
      List<Event> events) {}

  record Event(
      long id,
      String time,
      String type,
      @JsonProperty("queue_id") String queueId,
      String recipient,
      String sender,
      String account,
      String campaign,
      @JsonProperty("remote_host") String remoteHost,
      String reply,
      @JsonProperty("status_code") String statusCode,
      String category,
      String advice,
      @JsonProperty("source_ip") String sourceIp,
      String site,
      @JsonProperty("recipient_domain") String recipientDomain) {

    static Event of(DeliveryEvent e) {
      return new Event(e.id(), e.time().toString(), e.type().key(), e.queueId(), e.recipient(), e.sender(),
          e.account(), e.campaign(), e.remoteHost(), e.reply(), e.statusCode(),
          e.category() == null ? null : e.category().id(), e.advice(), e.sourceIp(), e.site(), e.recipientDomain());
    }
  }

  static byte[] events(String webhookId, String deliveryId, List<DeliveryEvent> events) {
    return write(new Body(webhookId, deliveryId, null, events.stream().map(Event::of).toList()));
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
