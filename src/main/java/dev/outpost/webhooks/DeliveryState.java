package dev.outpost.webhooks;

import java.time.Instant;

/**
 * Where delivery to a webhook stands, as persisted after every attempt, so that a restart
 * resumes where it left off.
 *
 * @param lastEventId the id of the last event delivered or given up; the next POST starts after it
 * @param failures failed attempts in a row; 0 after a success
 * @param nextAttemptAt the earliest time of the next attempt after a failure, or null for at once
 */
public record DeliveryState(long lastEventId, int failures, Instant nextAttemptAt) {

  /** A webhook that starts after event {@code lastEventId} and has not failed. */
  public static DeliveryState after(long lastEventId) {
    return new DeliveryState(lastEventId, 0, null);
  }
}
