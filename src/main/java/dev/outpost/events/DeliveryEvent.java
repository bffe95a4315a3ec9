package dev.outpost.events;

import dev.outpost.bounce.BounceCategory;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One thing that happened to a message or a recipient, as senders see it in the event API and
 * the statistics. Fields that do not apply to a type are null: a {@link Type#RECEIVED} event has
 * no recipient, a {@link Type#SUPPRESSED} one refused at RCPT has no queue id yet.
 *
 * @param id assigned by the store when the event is written, increasing in the order events were
 *     recorded; 0 before that
 * @param queueId the message's queue id, as in the 250 reply and the mail log
 * @param recipient the recipient's address in lower case, as suppression lists keep it, so that
 *     its events are found however the sender spelled it
 * @param sender the reverse path; empty for the null sender
 * @param account the sending account, or null (a trusted network, or Outpost's own DSNs)
 * @param campaign the sender's campaign id, or null
 * @param remoteHost the remote end as {@code host[ip]:port}, or {@code none} when no connection
 *     was made
 * @param reply for delivery outcomes the remote server's reply, or the reason no server replied;
 *     for the other types Outpost's own words (the refusal, the DSN's queue id, the report)
 * @param statusCode the RFC 3463 enhanced status code, e.g. {@code 5.1.1}
 * @param category why a deferral or bounce happened, with the advice for it ({@link #advice})
 * @param sourceIp the local address the delivery was sent from
 * @param site the traffic-shaping site of the recipient's domain ({@code google}), when shaped
 * @param recipientDomain the recipient's domain, lower case; derived from {@code recipient}
 */
public record DeliveryEvent(
    long id,
    Instant time,
    Type type,
    String queueId,
    String recipient,
    String sender,
    String account,
    String campaign,
    String remoteHost,
    String reply,
    String statusCode,
    BounceCategory category,
    String sourceIp,
    String site,
    String recipientDomain) {

  public DeliveryEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(type, "type");
    if (recipient != null) recipient = recipient.toLowerCase(Locale.ROOT);
    if (recipientDomain == null && recipient != null && recipient.indexOf('@') >= 0) {
      recipientDomain = Recipient.domainOf(recipient);
    }
  }

  /** What the sender should do about the {@link #category}, or null without one. */
  public String advice() {
    return category == null ? null : category.advice();
  }

  /** This event as stored, with its id. */
  public DeliveryEvent withId(long storedId) {
    return new DeliveryEvent(storedId, time, type, queueId, recipient, sender, account, campaign, remoteHost, reply,
        statusCode, category, sourceIp, site, recipientDomain);
  }

  /**
   * This event filed under the message that {@code delivery} delivered: its queue id, sender,
   * account, campaign, host, source address and site. A complaint report names only the
   * recipient, and this is how it reaches the statistics of whoever sent the mail.
   */
  public DeliveryEvent attributedTo(DeliveryEvent delivery) {
    return new DeliveryEvent(id, time, type, delivery.queueId, recipient, delivery.sender, delivery.account,
        delivery.campaign, delivery.remoteHost, reply, statusCode, category, delivery.sourceIp, delivery.site,
        recipientDomain);
  }

  /**
   * The events of a message just committed to the spool, at its arrival time: one
   * {@link Type#RECEIVED} for the message, then one {@link Type#QUEUED} per recipient.
   */
  public static List<DeliveryEvent> accepted(Envelope envelope) {
    List<DeliveryEvent> events = new ArrayList<>(envelope.recipients().size() + 1);
    events.add(of(Type.RECEIVED, envelope.receivedAt()).message(envelope).build());
    for (Recipient r : envelope.recipients()) {
      events.add(of(Type.QUEUED, envelope.receivedAt()).message(envelope).recipient(r.address()).build());
    }
    return events;
  }

  /** Starts an event of {@code type} that happened at {@code time}. */
  public static Builder of(Type type, Instant time) {
    return new Builder(type, time);
  }

  /** The stages of a message's life that are recorded. */
  public enum Type {
    /** The message was accepted and committed to the spool (one per message). */
    RECEIVED,
    /** A recipient of a received message was handed to the queue (one per recipient). */
    QUEUED,
    DELIVERED,
    /** A temporary failure; the recipient is retried. */
    DEFERRED,
    /** A permanent failure, an expiry or an operator's delete: the recipient is given up. */
    BOUNCED,
    /** A recipient on a suppression list was refused at RCPT or dropped from the message. */
    SUPPRESSED,
    /** The recipient used the one-click URL or the mailto address of Outpost's List-Unsubscribe. */
    UNSUBSCRIBED,
    /** A complaint feedback report (ARF) named the recipient. */
    COMPLAINED,
    /** A DSN about the message was queued to its sender. */
    DSN_SENT,
    OPENED,
    CLICKED;

    /** The name in the API, the store and the statistics: {@code dsn_sent}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The type with this {@link #key()}, or null. */
    public static Type ofKey(String key) {
      for (Type t : values()) if (t.key().equals(key)) return t;
      return null;
    }
  }

  /** Fills an event field by field, since most types leave most fields empty. */
  public static final class Builder {
    private final Type type;
    private final Instant time;
    private String queueId;
    private String recipient;
    private String sender;
    private String account;
    private String campaign;
    private String remoteHost;
    private String reply;
    private String statusCode;
    private BounceCategory category;
    private String sourceIp;
    private String site;

    private Builder(Type type, Instant time) {
      this.type = type;
      this.time = time;
    }

    /** The message's queue id, sender, account and campaign. */
    public Builder message(Envelope envelope) {
      queueId = envelope.queueId();
      sender = envelope.sender();
      account = envelope.account();
      campaign = envelope.campaignId();
      return this;
    }

    public Builder queueId(String value) {
      queueId = value;
      return this;
    }

    public Builder recipient(String address) {
      recipient = address;
      return this;
    }

    public Builder account(String name) {
      account = name;
      return this;
    }

    public Builder campaign(String id) {
      campaign = id;
      return this;
    }

    /** The remote end, its reply and the enhanced status code. */
    public Builder remote(String host, String replyText, String status) {
      remoteHost = host;
      reply = replyText;
      statusCode = status;
      return this;
    }

    /** Outpost's own words for what happened, with the status code it stands for, if any. */
    public Builder reply(String text, String status) {
      reply = text;
      statusCode = status;
      return this;
    }

    public Builder category(BounceCategory value) {
      category = value;
      return this;
    }

    /** Where the delivery went out: the shaping site (null when unshaped) and the local address. */
    public Builder via(String siteName, String localAddress) {
      site = siteName;
      sourceIp = localAddress;
      return this;
    }

    public DeliveryEvent build() {
      return new DeliveryEvent(0, time, type, queueId, recipient, sender, account, campaign, remoteHost, reply,
          statusCode, category, sourceIp, site, null);
    }
  }
}
