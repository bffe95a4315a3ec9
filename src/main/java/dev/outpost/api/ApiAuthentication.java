package dev.outpost.api;

import dev.outpost.accounts.AccountService;
import dev.outpost.accounts.ApiKey;
import dev.outpost.accounts.ApiKeyScope;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/** Finds the {@link Caller} of a request from its {@code Authorization: Bearer} API key. */
public final class ApiAuthentication {
  private static final String BEARER = "Bearer ";

  private final AccountService accounts;

  public ApiAuthentication(AccountService accounts) {
    this.accounts = accounts;
  }

  public Caller caller(ServerRequest request) {
    Optional<String> header = request.headers().first(HeaderNames.AUTHORIZATION);
    if (header.isEmpty()) {
      throw ApiException.unauthorized("send an API key as 'Authorization: Bearer KEY' (outpost apikey add ACCOUNT)");
    }
    String value = header.get();
    if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw ApiException.unauthorized("the Authorization header must use the Bearer scheme");
    }
    Optional<ApiKey> key = accounts.authenticateApiKey(value.substring(BEARER.length()).strip());
    if (key.isEmpty()) throw ApiException.unauthorized("unknown or revoked API key");
    return new Caller(key.get().account(), key.get().scope() == ApiKeyScope.ADMIN);
  }
}
