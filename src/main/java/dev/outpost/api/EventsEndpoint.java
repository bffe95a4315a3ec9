package dev.outpost.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.outpost.events.DeliveryEvent.Type;
import dev.outpost.events.EventJson;
import dev.outpost.events.EventLog;
import dev.outpost.events.EventPage;
import dev.outpost.events.EventQuery;
import dev.outpost.events.InvalidQueryException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/events}: what happened to messages and recipients, filtered and paged with
 * a cursor. An account key sees its own account's events; an admin key every account's, or the
 * one it names.
 */
public final class EventsEndpoint implements ApiService {
  private static final Set<String> PARAMETERS =
      Set.of("message", "recipient", "campaign", "account", "type", "from", "to", "limit", "cursor", "order");

  private final ApiAuthentication auth;
  private final EventLog events;

  public EventsEndpoint(ApiAuthentication auth, EventLog events) {
    this.auth = auth;
    this.events = events;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/api/v1/events", this::list);
  }

  @Override
  public String openApiFragment() {
    return "events.json";
  }

  record PageView(List<EventJson> events, @JsonProperty("next_cursor") String nextCursor) {}

  private void list(ServerRequest req, ServerResponse res) {
    Caller caller = auth.caller(req);
    QueryParameters p = new QueryParameters(req, PARAMETERS);
    EventPage page;
    try {
      EventQuery query = EventQuery.all()
          .withQueueId(p.text("message"))
          .withRecipient(p.text("recipient"))
          .withCampaign(p.text("campaign"))
          .withAccount(caller.readScope(p.text("account")))
          .withTypes(types(p.list("type")))
          .between(p.instant("from"), p.instant("to"))
          .withOrder(order(p.text("order")))
          .withLimit(p.integer("limit", EventQuery.DEFAULT_LIMIT))
          .withCursor(p.text("cursor"));
      page = events.find(query);
    } catch (InvalidQueryException e) {
      throw ApiException.badRequest(e.field(), e.getMessage());
    }
    Json.send(res, new PageView(page.events().stream().map(EventJson::of).toList(), page.nextCursor()));
  }

  private static Set<Type> types(List<String> keys) {
    Set<Type> types = EnumSet.noneOf(Type.class);
    for (String key : keys) {
      Type type = Type.ofKey(key);
      if (type == null) {
        throw ApiException.badRequest("type", "'" + key + "' is not an event type; the types are "
            + Arrays.stream(Type.values()).map(Type::key).collect(Collectors.joining(", ")));
      }
      types.add(type);
    }
    return types;
  }

  private static EventQuery.Order order(String value) {
    if (value == null || value.equals("newest")) return EventQuery.Order.NEWEST_FIRST;
    if (value.equals("oldest")) return EventQuery.Order.OLDEST_FIRST;
    throw ApiException.badRequest("order", "'" + value + "' is not an order; use newest or oldest");
  }
}
