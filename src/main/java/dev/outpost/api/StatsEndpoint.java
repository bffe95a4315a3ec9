package dev.outpost.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.outpost.events.DeliveryEvent.Type;
import dev.outpost.events.EventLog;
import dev.outpost.events.InvalidQueryException;
import dev.outpost.events.StatsQuery;
import dev.outpost.events.StatsQuery.Granularity;
import dev.outpost.events.StatsQuery.GroupBy;
import dev.outpost.events.StatsReport;
import dev.outpost.events.StatsRow;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code GET /api/v1/stats}: event counts and rates per hour or day, optionally by account,
 * campaign, recipient domain, site or source address, from the hourly aggregates. An account key
 * sees its own account's figures; an admin key every account's, or the one it names.
 */
public final class StatsEndpoint implements ApiService {
  private static final Set<String> PARAMETERS = Set.of("from", "to", "granularity", "group_by", "account", "campaign");
  /** Without {@code from}: the last day by hours, the last 30 days by days. */
  private static final Duration HOURLY_SPAN = Duration.ofDays(1);
  private static final Duration DAILY_SPAN = Duration.ofDays(30);

  private final ApiAuthentication auth;
  private final EventLog events;
  private final Clock clock;

  public StatsEndpoint(ApiAuthentication auth, EventLog events, Clock clock) {
    this.auth = auth;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/api/v1/stats", this::stats);
  }

  @Override
  public String openApiFragment() {
    return "stats.json";
  }

  /** Rates are null when nothing was there to measure. */
  record Rates(Double delivery, Double bounce, Double deferral, Double complaint) {}

  /** {@code counts} holds every type, zero included, so that clients see one shape. */
  record RowView(String bucket, String group, Map<String, Long> counts, Rates rates) {
    static RowView of(StatsRow row) {
      Map<String, Long> counts = new LinkedHashMap<>();
      for (Type type : Type.values()) counts.put(type.key(), row.count(type));
      return new RowView(row.bucket().toString(), row.group(), counts,
          new Rates(row.deliveryRate(), row.bounceRate(), row.deferralRate(), row.complaintRate()));
    }
  }

  record StatsView(String from, String to, String granularity, @JsonProperty("group_by") String groupBy,
      String account, String campaign, List<RowView> rows, boolean truncated) {}

  private void stats(ServerRequest req, ServerResponse res) {
    Caller caller = auth.caller(req);
    QueryParameters p = new QueryParameters(req, PARAMETERS);
    Granularity granularity = oneOf("granularity", p.text("granularity"), Granularity.HOUR, Granularity::ofKey,
        Arrays.stream(Granularity.values()).map(Granularity::key).toList());
    GroupBy groupBy = oneOf("group_by", p.text("group_by"), GroupBy.NONE, GroupBy::ofKey,
        Arrays.stream(GroupBy.values()).map(GroupBy::key).toList());
    Instant to = p.instant("to");
    if (to == null) to = clock.instant();
    Instant from = p.instant("from");
    if (from == null) from = to.minus(granularity == Granularity.HOUR ? HOURLY_SPAN : DAILY_SPAN);
    StatsQuery query;
    try {
      query = new StatsQuery(from, to, granularity, groupBy, caller.readScope(p.text("account")), p.text("campaign"));
    } catch (InvalidQueryException e) {
      throw ApiException.badRequest(e.field(), e.getMessage());
    }
    StatsReport report = events.stats(query);
    Json.send(res, new StatsView(query.from().toString(), query.to().toString(), granularity.key(), groupBy.key(),
        query.account(), query.campaign(), report.rows().stream().map(RowView::of).toList(), report.truncated()));
  }

  private static <T> T oneOf(String field, String value, T absent, Function<String, T> byKey, List<String> keys) {
    if (value == null) return absent;
    T found = byKey.apply(value);
    if (found == null) {
      throw ApiException.badRequest(field, "'" + value + "' is not one of " + String.join(", ", keys));
    }
    return found;
  }
}
