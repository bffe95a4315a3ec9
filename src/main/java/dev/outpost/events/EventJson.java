package dev.outpost.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One delivery event as JSON, with the field names of docs/events.md and absent fields as null.
 * The event API and webhook bodies both write this one record, so a receiver reads an event the
 * same way from either.
 */
public record EventJson(
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

  public static EventJson of(DeliveryEvent e) {
    return new EventJson(e.id(), e.time().toString(), e.type().key(), e.queueId(), e.recipient(), e.sender(),
        e.account(), e.campaign(), e.remoteHost(), e.reply(), e.statusCode(),
        e.category() == null ? null : e.category().id(), e.advice(), e.sourceIp(), e.site(), e.recipientDomain());
  }
}
