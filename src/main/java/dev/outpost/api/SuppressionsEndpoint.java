package dev.outpost.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.outpost.accounts.AccountService;
import dev.outpost.store.StateStore;
import dev.outpost.suppression.Suppression;
import dev.outpost.suppression.SuppressionList;
import dev.outpost.suppression.SuppressionReason;
import dev.outpost.suppression.SuppressionScope;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/v1/suppressions}: the caller's suppression list, page by page, and adding and
 * removing addresses, as {@code outpost suppression} does. An admin key may name any account with
 * {@code account}, or the global list with {@code global=true}; an account key only its own list.
 * Changes go through the server's {@link SuppressionList}, so they apply to the next RCPT at once.
 */
public final class SuppressionsEndpoint implements ApiService {
  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 1000;

  private final ApiAuthentication auth;
  private final AccountService accounts;
  private final StateStore store;
  private final SuppressionList list;
  private final Clock clock;

  public SuppressionsEndpoint(ApiAuthentication auth, AccountService accounts, StateStore store,
      SuppressionList list, Clock clock) {
    this.auth = auth;
    this.accounts = accounts;
    this.store = store;
    this.list = list;
    this.clock = clock;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/api/v1/suppressions", this::page);
    rules.post("/api/v1/suppressions", this::add);
    rules.delete("/api/v1/suppressions/{address}", this::remove);
  }

  @Override
  public String openApiFragment() {
    return "suppressions.json";
  }

  /** Body of {@code POST}; the scope fields are those of the query string of the other calls. */
  record NewSuppression(String address, String reason, String detail,
      @JsonProperty("expires_at") String expiresAt, String account, Boolean global) {}

  record SuppressionView(String address, String scope, String reason, String detail,
      @JsonProperty("created_at") String createdAt, @JsonProperty("expires_at") String expiresAt, boolean active) {

    static SuppressionView of(Suppression s, Instant now) {
      return new SuppressionView(s.address(), s.scope().display(), s.reason().key(), s.detail(),
          s.createdAt().toString(), s.expiresAt() == null ? null : s.expiresAt().toString(), s.activeAt(now));
    }
  }

  record Page(List<SuppressionView> suppressions, @JsonProperty("next_cursor") String nextCursor) {}

  private void page(ServerRequest req, ServerResponse res) {
    SuppressionScope scope = scope(auth.caller(req), query(req, "account"), "true".equals(query(req, "global")));
    int limit = limit(query(req, "limit"));
    String after = cursor(query(req, "cursor"));
    List<Suppression> entries = store.listSuppressions(scope, after, limit);
    Instant now = clock.instant();
    // A full page may have a next one; the cursor is the last address, opaque to the caller.
    String next = entries.size() < limit ? null
        : Base64.getUrlEncoder().withoutPadding().encodeToString(
            entries.getLast().address().getBytes(StandardCharsets.UTF_8));
    Json.send(res, new Page(entries.stream().map(e -> SuppressionView.of(e, now)).toList(), next));
  }

  private void add(ServerRequest req, ServerResponse res) {
    Caller caller = auth.caller(req);
    NewSuppression body = Json.read(req, NewSuppression.class);
    SuppressionScope scope = scope(caller, body.account(), Boolean.TRUE.equals(body.global()));
    String address = body.address() == null ? "" : body.address().strip();
    int at = address.lastIndexOf('@');
    if (at < 1 || at == address.length() - 1 || address.length() > 320 || address.chars().anyMatch(c -> c <= ' ')) {
      throw ApiException.badRequest("address", "address must be a mail address such as reader@example.com");
    }
    SuppressionReason reason;
    try {
      reason = body.reason() == null ? SuppressionReason.MANUAL : SuppressionReason.ofKey(body.reason());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("reason", e.getMessage());
    }
    Instant now = clock.instant();
    Instant expires;
    try {
      expires = body.expiresAt() == null ? null : Instant.parse(body.expiresAt());
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("expires_at", "expires_at must be an ISO-8601 time such as 2030-01-15T10:00:00Z");
    }
    if (expires != null && !expires.isAfter(now)) throw ApiException.badRequest("expires_at", "expires_at is past");
    Suppression entry = new Suppression(scope, address, reason, body.detail(), now, expires);
    list.put(entry);
    Json.send(res, Status.CREATED_201, SuppressionView.of(entry, now));
  }

  private void remove(ServerRequest req, ServerResponse res) {
    SuppressionScope scope = scope(auth.caller(req), query(req, "account"), "true".equals(query(req, "global")));
    String address = req.path().pathParameters().get("address");
    if (!list.remove(scope, address)) {
      throw ApiException.notFound(Suppression.normalise(address) + " is not on the list of " + scope.display());
    }
    res.status(Status.NO_CONTENT_204).send();
  }

  /** The list a request acts on: the global one for an admin who asks, else an existing account's. */
  private SuppressionScope scope(Caller caller, String account, boolean global) {
    if (global) {
      if (account != null) throw ApiException.badRequest("account", "name an account or the global list, not both");
      caller.requireAdmin();
      return SuppressionScope.GLOBAL;
    }
    String name = caller.actingFor(account);
    if (accounts.account(name).isEmpty()) throw ApiException.notFound("no account named " + name);
    return SuppressionScope.account(name);
  }

  private static String query(ServerRequest req, String name) {
    Optional<String> value = req.query().first(name).asOptional();
    return value.filter(v -> !v.isEmpty()).orElse(null);
  }

  private static int limit(String value) {
    if (value == null) return DEFAULT_LIMIT;
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= MAX_LIMIT) return limit;
    } catch (NumberFormatException e) {
      // Answered below, as for a number out of range.
    }
    throw ApiException.badRequest("limit", "limit is a number from 1 to " + MAX_LIMIT);
  }

  private static String cursor(String value) {
    if (value == null) return null;
    try {
      return new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("cursor", "cursor is the next_cursor of an earlier page");
    }
  }
}
