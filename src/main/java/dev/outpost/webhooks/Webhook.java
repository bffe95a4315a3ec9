package dev.outpost.webhooks;

import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.DeliveryEvent.Type;
import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * An endpoint that an account registered: where its events are POSTed, which types, the secret
 * that signs them, and how far delivery has got.
 *
 * @param id {@code wh_} and 16 hex digits, random
 * @param account the account whose events it receives
 * @param url an http or https URL with a host
 * @param eventTypes the types it receives; empty for every type
 * @param description the owner's note, or null
 * @param secret the HMAC key of {@link WebhookSignature}, shown once when the webhook is created
 */
public record Webhook(String id, String account, URI url, Set<Type> eventTypes, String description, String secret,
    Instant createdAt, DeliveryState state) {

  public Webhook {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(state, "state");
    eventTypes = eventTypes == null || eventTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(eventTypes));
  }

  /** Whether this webhook receives the event: its account's, of a type it asked for. */
  public boolean wants(DeliveryEvent event) {
    return account.equals(event.account()) && (eventTypes.isEmpty() || eventTypes.contains(event.type()));
  }

  public Webhook withState(DeliveryState value) {
    return new Webhook(id, account, url, eventTypes, description, secret, createdAt, value);
  }
}
