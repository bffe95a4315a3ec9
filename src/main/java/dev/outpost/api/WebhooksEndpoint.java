package dev.outpost.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.outpost.events.DeliveryEvent.Type;
import dev.outpost.store.StoreConflictException;
import dev.outpost.webhooks.InvalidWebhookException;
import dev.outpost.webhooks.Webhook;
import dev.outpost.webhooks.WebhookAdministration;
import dev.outpost.webhooks.WebhookDelivery;
import dev.outpost.webhooks.WebhookLimitException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Webhooks of an account: create (the signing secret is in that answer only), list, read, delete,
 * the delivery log, and a test POST. An account key sees only its own account's webhooks, and
 * naming another account, or another account's webhook, is a 403; an admin key acts for the
 * account it names and lists every account's when it names none.
 */
public final class WebhooksEndpoint implements ApiService {
  private static final int DEFAULT_DELIVERIES = 50;
  private static final int MAX_DELIVERIES = 500;

  private final ApiAuthentication auth;
  private final WebhookAdministration webhooks;

  public WebhooksEndpoint(ApiAuthentication auth, WebhookAdministration webhooks) {
    this.auth = auth;
    this.webhooks = webhooks;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.post("/api/v1/webhooks", this::create);
    rules.get("/api/v1/webhooks", this::list);
    rules.get("/api/v1/webhooks/{id}", (req, res) -> {
      Webhook w = owned(req);
      Json.send(res, view(w, webhooks.backlog(w.id()), null));
    });
    rules.delete("/api/v1/webhooks/{id}", (req, res) -> {
      webhooks.delete(owned(req).id());
      res.status(Status.NO_CONTENT_204).send();
    });
    rules.get("/api/v1/webhooks/{id}/deliveries", this::deliveries);
    rules.post("/api/v1/webhooks/{id}/test", (req, res) -> Json.send(res, DeliveryView.of(webhooks.test(owned(req)))));
  }

  @Override
  public String openApiFragment() {
    return "webhooks.json";
  }

  /** Body of {@code POST /api/v1/webhooks}; {@code account} only for admin keys acting for another. */
  record NewWebhook(String url, @JsonProperty("event_types") List<String> eventTypes, String description,
      String account) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record WebhookView(
      String id,
      String account,
      String url,
      @JsonProperty("event_types") List<String> eventTypes,
      @JsonInclude(JsonInclude.Include.ALWAYS) String description,
      @JsonProperty("created_at") String createdAt,
      String secret,
      @JsonProperty("last_event_id") long lastEventId,
      @JsonProperty("pending_events") Long pendingEvents,
      @JsonProperty("failed_attempts") int failedAttempts,
      @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("next_attempt_at") String nextAttemptAt) {}

  @JsonInclude(JsonInclude.Include.ALWAYS)
  record DeliveryView(
      String id,
      @JsonProperty("attempted_at") String attemptedAt,
      String outcome,
      @JsonProperty("event_count") int eventCount,
      @JsonProperty("first_event_id") Long firstEventId,
      @JsonProperty("last_event_id") Long lastEventId,
      @JsonProperty("http_status") Integer httpStatus,
      String error,
      @JsonProperty("duration_ms") long durationMs,
      int attempt,
      @JsonProperty("next_retry_at") String nextRetryAt) {

    static DeliveryView of(WebhookDelivery d) {
      return new DeliveryView(d.id(), d.attemptedAt().toString(), d.outcome().key(), d.eventCount(),
          d.eventCount() == 0 ? null : d.firstEventId(), d.eventCount() == 0 ? null : d.lastEventId(), d.httpStatus(),
          d.error(), d.duration().toMillis(), d.attempt(), time(d.nextRetryAt()));
    }
  }

  private void create(ServerRequest req, ServerResponse res) {
    Caller caller = auth.caller(req);
    NewWebhook body = Json.read(req, NewWebhook.class);
    String account = caller.actingFor(body.account());
    Set<Type> types = types(body.eventTypes());
    Webhook created;
    try {
      created = webhooks.create(account, body.url(), types, body.description());
    } catch (InvalidWebhookException e) {
      throw ApiException.badRequest(e.field(), e.getMessage());
    } catch (WebhookLimitException e) {
      throw ApiException.conflict(e.getMessage());
    } catch (StoreConflictException e) {
      throw ApiException.notFound("no account named " + account);
    }
    Json.send(res, Status.CREATED_201, view(created, 0L, created.secret()));
  }

  private static Set<Type> types(List<String> keys) {
    Set<Type> types = EnumSet.noneOf(Type.class);
    if (keys == null) return types;
    for (int i = 0; i < keys.size(); i++) {
      Type type = keys.get(i) == null ? null : Type.ofKey(keys.get(i));
      if (type == null) {
        throw ApiException.badRequest("event_types[" + i + "]", "'" + keys.get(i) + "' is not an event type; the"
            + " types are " + Arrays.stream(Type.values()).map(Type::key).collect(Collectors.joining(", ")));
      }
      types.add(type);
    }
    return types;
  }

  private void list(ServerRequest req, ServerResponse res) {
    Caller caller = auth.caller(req);
    String account = caller.readScope(new QueryParameters(req, Set.of("account")).text("account"));
    Json.send(res, Map.of("webhooks", webhooks.list(account).stream().map(w -> view(w, null, null)).toList()));
  }

  private void deliveries(ServerRequest req, ServerResponse res) {
    Webhook w = owned(req);
    int limit = new QueryParameters(req, Set.of("limit")).integer("limit", DEFAULT_DELIVERIES);
    if (limit < 1 || limit > MAX_DELIVERIES) {
      throw ApiException.badRequest("limit", "limit: must be 1 to " + MAX_DELIVERIES + ", got " + limit);
    }
    Json.send(res, Map.of("deliveries", webhooks.deliveries(w.id(), limit).stream().map(DeliveryView::of).toList()));
  }

  /** The webhook of the path, if the caller may act for its account. */
  private Webhook owned(ServerRequest req) {
    Caller caller = auth.caller(req);
    String id = req.path().pathParameters().get("id");
    Webhook w = webhooks.find(id).orElseThrow(() -> ApiException.notFound("no webhook " + id));
    caller.actingFor(w.account());
    return w;
  }

  /**
   * @param pending the backlog, or null (or -1, not being delivered) to leave it out
   * @param secret only in the answer that creates the webhook
   */
  private static WebhookView view(Webhook w, Long pending, String secret) {
    return new WebhookView(w.id(), w.account(), w.url().toString(),
        w.eventTypes().stream().sorted().map(Type::key).toList(), w.description(), w.createdAt().toString(), secret,
        w.state().lastEventId(), pending == null || pending < 0 ? null : pending, w.state().failures(),
        time(w.state().nextAttemptAt()));
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
