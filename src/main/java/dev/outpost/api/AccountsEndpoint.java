package dev.outpost.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.outpost.accounts.Account;
import dev.outpost.accounts.AccountAdministration;
import dev.outpost.accounts.AccountLimits;
import dev.outpost.accounts.AccountNames;
import dev.outpost.accounts.AccountService;
import dev.outpost.accounts.AdministrationException;
import dev.outpost.accounts.NoSuchAccountException;
import dev.outpost.accounts.SendingDomain;
import dev.outpost.accounts.UsageCounts;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;

/**
 * Accounts and their sending domains: an account key reads its own account; an admin key lists,
 * creates and changes any. The same rules as the {@code outpost account} and {@code outpost domain}
 * commands, which share {@link AccountAdministration}.
 */
public final class AccountsEndpoint implements ApiService {
  private final ApiAuthentication auth;
  private final AccountService accounts;
  private final AccountAdministration administration;

  public AccountsEndpoint(ApiAuthentication auth, AccountService accounts, AccountAdministration administration) {
    this.auth = auth;
    this.accounts = accounts;
    this.administration = administration;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/api/v1/account", (req, res) -> Json.send(res, view(auth.caller(req).account())));
    rules.get("/api/v1/accounts", (req, res) -> {
      auth.caller(req).requireAdmin();
      Json.send(res, Map.of("accounts", administration.accounts().stream().map(a -> view(a.name())).toList()));
    });
    rules.post("/api/v1/accounts", this::create);
    rules.get("/api/v1/accounts/{name}", (req, res) -> {
      String name = auth.caller(req).actingFor(req.path().pathParameters().get("name"));
      Json.send(res, view(name));
    });
    rules.post("/api/v1/accounts/{name}/domains", this::addDomain);
    rules.delete("/api/v1/accounts/{name}/domains/{domain}", (req, res) -> {
      Caller caller = auth.caller(req);
      caller.requireAdmin();
      String name = req.path().pathParameters().get("name");
      administer(() -> administration.removeDomain(name, req.path().pathParameters().get("domain")));
      res.status(Status.NO_CONTENT_204).send();
    });
  }

  @Override
  public String openApiFragment() {
    return "accounts.json";
  }

  /** Body of {@code POST /api/v1/accounts}. */
  record NewAccount(String name, @JsonProperty("bounce_address") String bounceAddress, Limits limits) {}

  /** Zero or absent means unlimited, as on the command line. */
  record Limits(
      @JsonProperty("messages_per_hour") long messagesPerHour,
      @JsonProperty("messages_per_day") long messagesPerDay,
      @JsonProperty("messages_per_month") long messagesPerMonth,
      @JsonProperty("recipients_per_message") int recipientsPerMessage,
      @JsonProperty("max_message_size") long maxMessageSize) {

    static Limits of(AccountLimits l) {
      return new Limits(l.messagesPerHour(), l.messagesPerDay(), l.messagesPerMonth(), l.recipientsPerMessage(),
          l.maxMessageSize());
    }
  }

  record NewDomain(String domain, @JsonProperty("include_subdomains") boolean includeSubdomains) {}

  record DomainView(String domain, @JsonProperty("include_subdomains") boolean includeSubdomains) {}

  record AccountView(String name, boolean enabled, @JsonProperty("bounce_address") String bounceAddress,
      Limits limits, @JsonProperty("list_unsubscribe") boolean listUnsubscribe, Map<String, Long> usage,
      List<DomainView> domains) {}

  private void create(ServerRequest req, ServerResponse res) {
    auth.caller(req).requireAdmin();
    NewAccount body = Json.read(req, NewAccount.class);
    if (body.name() == null || body.name().isBlank()) throw ApiException.badRequest("name", "name is required");
    try {
      AccountNames.check(body.name());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("name", e.getMessage());
    }
    AccountLimits limits;
    try {
      limits = body.limits() == null ? AccountLimits.UNLIMITED
          : new AccountLimits(body.limits().messagesPerHour(), body.limits().messagesPerDay(),
              body.limits().messagesPerMonth(), body.limits().recipientsPerMessage(),
              body.limits().maxMessageSize());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("limits", e.getMessage());
    }
    Account added;
    try {
      added = administration.addAccount(body.name(), body.bounceAddress(), limits);
    } catch (AdministrationException e) {
      throw ApiException.conflict(e.getMessage());
    }
    Json.send(res, Status.CREATED_201, view(added.name()));
  }

  private void addDomain(ServerRequest req, ServerResponse res) {
    auth.caller(req).requireAdmin();
    String name = req.path().pathParameters().get("name");
    NewDomain body = Json.read(req, NewDomain.class);
    if (body.domain() == null || body.domain().isBlank()) throw ApiException.badRequest("domain", "domain is required");
    try {
      SendingDomain.normalise(body.domain());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("domain", e.getMessage());
    }
    SendingDomain added;
    try {
      added = administration.addDomain(name, body.domain(), body.includeSubdomains());
    } catch (NoSuchAccountException e) {
      throw ApiException.notFound(e.getMessage());
    } catch (AdministrationException e) {
      throw ApiException.conflict(e.getMessage());
    }
    Json.send(res, Status.CREATED_201, new DomainView(added.domain(), added.includeSubdomains()));
  }

  private AccountView view(String name) {
    Account account = accounts.account(name).orElseThrow(() -> ApiException.notFound("no account named " + name));
    UsageCounts usage = accounts.usage(account);
    List<DomainView> domains = administration.domains(name).stream()
        .map(d -> new DomainView(d.domain(), d.includeSubdomains())).toList();
    return new AccountView(account.name(), account.enabled(), account.bounceAddress(), Limits.of(account.limits()),
        account.listUnsubscribe(), Map.of("hour", usage.hour(), "day", usage.day(), "month", usage.month()), domains);
  }

  private static void administer(Runnable change) {
    try {
      change.run();
    } catch (NoSuchAccountException e) {
      throw ApiException.notFound(e.getMessage());
    } catch (AdministrationException e) {
      throw ApiException.conflict(e.getMessage());
    }
  }
}
