package dev.outpost.webhooks;

import dev.outpost.events.DeliveryEvent.Type;
import dev.outpost.store.StoreConflictException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What the API does with webhooks: creates them (checking the URL, making the id and the
 * secret), lists, finds and deletes them, reads their delivery logs and sends tests, keeping the
 * {@link WebhookDispatcher} in step with the {@link WebhookStore}. Who may act for which account
 * is the caller's business.
 */
public final class WebhookAdministration {
  /** Each webhook has a thread and a connection to its endpoint; this bounds both per account. */
  public static final int MAX_PER_ACCOUNT = 20;
  public static final int MAX_URL_LENGTH = 2000;
  public static final int MAX_DESCRIPTION_LENGTH = 200;

  private final WebhookStore store;
  private final WebhookDispatcher dispatcher;
  private final Clock clock;

  public WebhookAdministration(WebhookStore store, WebhookDispatcher dispatcher, Clock clock) {
    this.store = store;
    this.dispatcher = dispatcher;
    this.clock = clock;
  }

  /**
   * Stores a webhook that receives the account's events from now on, starts delivering to it,
   * and returns it with its secret, which is shown to the caller this once.
   *
   * @param eventTypes the types to send; empty for all
   * @throws InvalidWebhookException naming the field at fault
   * @throws WebhookLimitException when the account has {@value #MAX_PER_ACCOUNT} webhooks
   * @throws StoreConflictException when the account does not exist
   */
  public Webhook create(String account, String url, Set<Type> eventTypes, String description) {
    URI uri = url(url);
    if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
      throw new InvalidWebhookException("description",
          "description: at most " + MAX_DESCRIPTION_LENGTH + " characters, got " + description.length());
    }
    if (store.list(account).size() >= MAX_PER_ACCOUNT) {
      throw new WebhookLimitException("account " + account + " has " + MAX_PER_ACCOUNT
          + " webhooks, the most it may have; delete one first");
    }
    Webhook stored = store.insert(new Webhook(WebhookIds.webhook(), account, uri, eventTypes,
        description == null || description.isBlank() ? null : description.strip(), WebhookIds.secret(),
        clock.instant(), DeliveryState.after(0)));
    dispatcher.added(stored);
    return stored;
  }

  /** An absolute http or https URL with a host, and no credentials or fragment. */
  static URI url(String text) {
    if (text == null || text.isBlank()) throw new InvalidWebhookException("url", "url is required");
    if (text.length() > MAX_URL_LENGTH) {
      throw new InvalidWebhookException("url", "url: at most " + MAX_URL_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new InvalidWebhookException("url", "url: not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new InvalidWebhookException("url", "url: must be an http or https URL with a host, e.g."
          + " https://hooks.example.com/outpost, got " + text);
    }
    if (uri.getRawUserInfo() != null) {
      throw new InvalidWebhookException("url", "url: must not hold credentials; check the Outpost-Signature"
          + " header instead (docs/webhooks.md)");
    }
    if (uri.getRawFragment() != null) throw new InvalidWebhookException("url", "url: must not have a #fragment");
    return uri;
  }

  public List<Webhook> list(String account) {
    return store.list(account);
  }

  public Optional<Webhook> find(String id) {
    return store.find(id);
  }

  /** Deletes the webhook and its delivery log, and stops delivering to it; false if there was none. */
  public boolean delete(String id) {
    boolean deleted = store.delete(id);
    dispatcher.removed(id);
    return deleted;
  }

  /** The newest {@code limit} entries of the webhook's delivery log, newest first. */
  public List<WebhookDelivery> deliveries(String id, int limit) {
    return store.deliveries(id, limit);
  }

  /** The events the webhook has still to receive, or -1 when it is not being delivered. */
  public long backlog(String id) {
    return dispatcher.backlog(id);
  }

  /** POSTs a test body to the webhook now; the entry says how it went. */
  public WebhookDelivery test(Webhook webhook) {
    return dispatcher.test(webhook);
  }
}
