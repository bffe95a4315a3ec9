package dev.outpost.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.accounts.AccountService;
import dev.outpost.campaigns.Campaign;
import dev.outpost.campaigns.CampaignCounts;
import dev.outpost.campaigns.CampaignRecipient;
import dev.outpost.campaigns.CampaignStateException;
import dev.outpost.campaigns.Campaigns;
import dev.outpost.campaigns.CancelResult;
import dev.outpost.campaigns.RecipientState;
import dev.outpost.campaigns.RecipientUpload;
import dev.outpost.campaigns.TemplateSpec;
import dev.outpost.campaigns.UploadResult;
import dev.outpost.compose.Fields;
import dev.outpost.events.DeliveryEvent.Type;
import dev.outpost.events.EventLog;
import dev.outpost.events.StatsQuery;
import dev.outpost.events.StatsQuery.Granularity;
import dev.outpost.events.StatsReport;
import dev.outpost.compose.InvalidFieldException;
import dev.outpost.compose.MailAddress;
import dev.outpost.policy.FromDecision;
import dev.outpost.policy.SessionPolicy;
import dev.outpost.smtp.Replies;
import dev.outpost.tracking.TrackingOptions;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Campaigns: one template, many recipients, one message each. Create a draft, upload its
 * recipients (NDJSON or CSV, streamed, in as many uploads as needed), send it, and follow, pause,
 * resume or cancel it. An account key sees its own campaigns; an admin key any.
 */
public final class CampaignsEndpoint implements ApiService {
  private static final int NAME_LIMIT = 255;
  private static final int LIST_LIMIT = 100;
  private static final int PAGE_LIMIT = 1000;

  private final ApiAuthentication auth;
  private final AccountService accounts;
  private final SessionPolicy policy;
  private final Campaigns campaigns;
  private final EventLog events;
  private final Clock clock;

  /** @param events where delivery outcomes are counted, by campaign among others */
  public CampaignsEndpoint(ApiAuthentication auth, AccountService accounts, SessionPolicy policy,
      Campaigns campaigns, EventLog events, Clock clock) {
    this.auth = auth;
    this.accounts = accounts;
    this.policy = policy;
    this.campaigns = campaigns;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.post("/api/v1/campaigns", this::create);
    rules.get("/api/v1/campaigns", (req, res) -> {
      String account = auth.caller(req).readScope(req.query().first("account").orElse(null));
      Json.send(res, Map.of("campaigns", campaigns.list(account, LIST_LIMIT).stream().map(CampaignsEndpoint::view)
          .toList()));
    });
    rules.get("/api/v1/campaigns/{id}", (req, res) -> {
      Campaign campaign = campaign(req);
      Json.send(res, view(campaign, outcomes(campaign)));
    });
    rules.post("/api/v1/campaigns/{id}/recipients", this::upload);
    rules.get("/api/v1/campaigns/{id}/recipients", this::recipients);
    rules.post("/api/v1/campaigns/{id}/send",
        (req, res) -> changed(res, () -> campaigns.send(campaign(req).id())));
    rules.post("/api/v1/campaigns/{id}/pause",
        (req, res) -> changed(res, () -> campaigns.pause(campaign(req).id())));
    rules.post("/api/v1/campaigns/{id}/resume",
        (req, res) -> changed(res, () -> campaigns.resume(campaign(req).id())));
    rules.post("/api/v1/campaigns/{id}/cancel", this::cancel);
  }

  @Override
  public String openApiFragment() {
    return "campaigns.json";
  }

  /** Body of {@code POST /api/v1/campaigns}. */
  record NewCampaign(String account, String name, TemplateSpec template, Settings settings) {}

  /**
   * @param escapeHtml HTML-escape variables in the html part (default true)
   * @param trackOpens {@code false} turns off the open tracking the account allows (default: as allowed)
   * @param trackClicks {@code false} turns off the click tracking the account allows (default: as allowed)
   */
  record Settings(@JsonProperty("escape_html") Boolean escapeHtml, @JsonProperty("track_opens") Boolean trackOpens,
      @JsonProperty("track_clicks") Boolean trackClicks) {}

  record Counts(long recipients, long pending, long queued, long suppressed, long failed, long cancelled) {
    static Counts of(CampaignCounts c) {
      return new Counts(c.recipients(), c.pending(), c.queued(), c.suppressed(), c.failed(), c.cancelled());
    }
  }

  /**
   * @param progress the share of recipients no longer pending, from 0 to 1
   * @param outcomes what the event log counted for the campaign's messages so far: delivered,
   *     deferred (attempts), bounced, complained, opened and clicked (every one, with tracking on);
   *     only when one campaign is asked for
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CampaignView(String id, String account, String name, String state, String reason, TemplateSpec template,
      Map<String, Object> settings, Counts counts, double progress, Map<String, Long> outcomes,
      @JsonProperty("created_at") String createdAt, @JsonProperty("started_at") String startedAt,
      @JsonProperty("finished_at") String finishedAt) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RecipientView(long seq, String email, JsonNode vars, String state, @JsonProperty("queue_id") String queueId,
      String detail) {}

  record CancelView(CampaignView campaign, @JsonProperty("not_sent") long notSent, long removed,
      @JsonProperty("already_gone") long alreadyGone, @JsonProperty("in_delivery") long inDelivery) {}

  private void create(ServerRequest req, ServerResponse res) {
    Caller caller = auth.caller(req);
    NewCampaign body = Json.read(req, NewCampaign.class);
    String account = caller.actingFor(body.account());
    MessagesEndpoint.requireSendingAccount(accounts, account);
    Settings settings = body.settings() == null ? new Settings(null, null, null) : body.settings();
    Campaign created;
    try {
      if (body.name() != null) {
        if (body.name().length() > NAME_LIMIT) {
          throw new InvalidFieldException("name", "at most " + NAME_LIMIT + " characters");
        }
        Fields.requireSingleLine(body.name(), "name");
      }
      if (body.template() == null) throw new InvalidFieldException("template", "a template is required");
      requireOwnFrom(MailAddress.parse(body.template().from(), "template.from").address(), account);
      created = campaigns.create(account, body.name(), body.template(), settings.escapeHtml() != Boolean.FALSE,
          TrackingOptions.requested(settings.trackOpens(), settings.trackClicks()));
    } catch (InvalidFieldException e) {
      throw ApiException.badRequest(e.field(), e.getMessage());
    }
    Json.send(res, Status.CREATED_201, view(created));
  }

  /**
   * The From address is judged by the same policy as every message's, once at creation, so that a
   * campaign that could never send is refused now rather than paused at its first message.
   */
  private void requireOwnFrom(String from, String account) {
    if (!(policy.checkFrom(Campaigns.facts(account), List.of(from)) instanceof FromDecision.Keep)) {
      throw ApiException.refused(Replies.fromHeaderNotOwned(from, account), "template.from");
    }
  }

  private void upload(ServerRequest req, ServerResponse res) {
    Campaign campaign = campaign(req);
    String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
    RecipientUpload.Format format = RecipientUpload.Format.of(type);
    if (format == null) {
      throw new ApiException(Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported_media_type",
          "send recipients as application/x-ndjson (one {\"email\", \"vars\"} object per line) or text/csv"
              + " (a header row naming email and the variable columns), not " + type, null);
    }
    UploadResult result;
    try (InputStream body = req.content().inputStream()) {
      result = conflictAsApi(() -> campaigns.upload(campaign.id(), format, body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Json.send(res, Map.of("added", result.added(), "duplicates", result.duplicates(), "rejected", result.rejected(),
        "errors", result.errors(), "recipients", result.recipients()));
  }

  private void recipients(ServerRequest req, ServerResponse res) {
    Campaign campaign = campaign(req);
    String stateName = req.query().first("state").orElse("pending");
    RecipientState state;
    try {
      state = RecipientState.ofKey(stateName);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("state", "one of pending, queued, suppressed, failed, cancelled");
    }
    long after = number(req, "after", -1);
    int limit = (int) Math.min(number(req, "limit", 100), PAGE_LIMIT);
    List<CampaignRecipient> page = campaigns.recipients(campaign.id(), state, after, Math.max(1, limit));
    List<RecipientView> views = page.stream().map(r -> new RecipientView(r.seq(), r.email(), vars(r.vars()),
        r.state().key(), r.queueId(), r.detail())).toList();
    Json.send(res, Map.of("recipients", views, "next_after", page.isEmpty() ? after : page.getLast().seq()));
  }

  private void cancel(ServerRequest req, ServerResponse res) {
    CancelResult result = conflictAsApi(() -> campaigns.cancel(campaign(req).id()));
    Json.send(res, new CancelView(view(result.campaign()), result.notSent(), result.removed(), result.alreadyGone(),
        result.inDelivery()));
  }

  private void changed(ServerResponse res, Supplier<Campaign> change) {
    Json.send(res, view(conflictAsApi(change)));
  }

  /** The campaign of the path, if the caller may act for its account. */
  private Campaign campaign(ServerRequest req) {
    Caller caller = auth.caller(req);
    String id = req.path().pathParameters().get("id");
    Campaign campaign = campaigns.find(id).orElseThrow(() -> ApiException.notFound("no campaign " + id));
    caller.actingFor(campaign.account());
    return campaign;
  }

  private static <T> T conflictAsApi(Supplier<T> action) {
    try {
      return action.get();
    } catch (CampaignStateException e) {
      throw ApiException.conflict(e.getMessage());
    }
  }

  private static long number(ServerRequest req, String name, long absent) {
    String value = req.query().first(name).orElse(null);
    if (value == null) return absent;
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name, "a whole number");
    }
  }

  private static JsonNode vars(String json) {
    if (json == null) return null;
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CampaignView view(Campaign c) {
    return view(c, null);
  }

  private static CampaignView view(Campaign c, Map<String, Long> outcomes) {
    CampaignCounts counts = c.counts();
    double done = counts.recipients() - counts.pending();
    double progress = counts.recipients() == 0 ? 0 : done / counts.recipients();
    return new CampaignView(c.id(), c.account(), c.name(), c.state().key(), c.reason(), Campaigns.template(c),
        settings(c), Counts.of(counts), progress, outcomes, time(c.createdAt()),
        time(c.startedAt()), time(c.finishedAt()));
  }

  private static Map<String, Object> settings(Campaign c) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("escape_html", c.escapeHtml());
    settings.put("track_opens", c.tracking().opens());
    settings.put("track_clicks", c.tracking().clicks());
    return settings;
  }

  /** From the event log's daily aggregates since the campaign was created, never by scanning events. */
  private Map<String, Long> outcomes(Campaign c) {
    Instant from = c.createdAt().truncatedTo(ChronoUnit.DAYS);
    Instant to = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
    StatsReport report = events.stats(StatsQuery.between(from, to).per(Granularity.DAY).forAccount(c.account())
        .forCampaign(c.id()));
    Map<String, Long> outcomes = new LinkedHashMap<>();
    for (Type type : List.of(Type.DELIVERED, Type.DEFERRED, Type.BOUNCED, Type.COMPLAINED, Type.OPENED,
        Type.CLICKED)) {
      outcomes.put(type.key(), report.rows().stream().mapToLong(r -> r.count(type)).sum());
    }
    return outcomes;
  }

  /** ISO 8601 in UTC, or null. */
  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
