package dev.outpost.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of a webhook's delivery log: a POST and how it ended, or a batch given up.
 *
 * @param id {@code dl_} and 16 hex digits, random; sent as {@code Outpost-Delivery-Id} and in
 *     the body, so the receiver's log and this one can be matched
 * @param firstEventId the id of the first event posted, 0 when none (a test)
 * @param lastEventId the id of the last event posted, 0 when none
 * @param httpStatus the endpoint's status code, or null when it gave none (refused, timed out)
 * @param error what went wrong, or null after a 2xx
 * @param attempt 1 for the first try of these events, counting up while they fail
 * @param nextRetryAt when these events are tried again, or null when they will not be
 */
public record WebhookDelivery(String id, String webhookId, Instant attemptedAt, Outcome outcome, long firstEventId,
    long lastEventId, int eventCount, Integer httpStatus, String error, Duration duration, int attempt,
    Instant nextRetryAt) {

  public WebhookDelivery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(webhookId, "webhookId");
    Objects.requireNonNull(attemptedAt, "attemptedAt");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(duration, "duration");
  }

  /** How an entry ended. */
  public enum Outcome {
    /** The endpoint answered 2xx: the events are delivered. */
    DELIVERED,
    /** No 2xx: the events are tried again at {@code nextRetryAt}. */
    FAILED,
    /** Still failing after {@code [webhooks] max_age}: the events are given up. */
    SKIPPED,
    /** A POST of {@code /test}, with no events; it changes nothing. */
    TEST;

    /** The name in the API and the store: {@code delivered}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome with this {@link #key()}, or null. */
    public static Outcome ofKey(String key) {
      for (Outcome o : values()) if (o.key().equals(key)) return o;
      return null;
    }
  }
}
