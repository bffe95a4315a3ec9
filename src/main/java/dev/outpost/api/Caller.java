package dev.outpost.api;

/**
 * Who is calling, from their API key: an account, and whether the key administers every account.
 *
 * @param account the account the key belongs to
 * @param admin an operator's key: may act for any account
 */
public record Caller(String account, boolean admin) {

  /**
   * The account a request acts for: the caller's own, or for an admin any account named in the
   * request. An account key naming another account is refused rather than silently narrowed.
   *
   * @param requested the account named in the request, or null
   */
  public String actingFor(String requested) {
    if (requested == null || requested.equals(account)) return account;
    if (admin) return requested;
    throw ApiException.forbidden("this API key belongs to account '" + account
        + "' and may not act for account '" + requested + "'");
  }

  /**
   * The account a read is limited to: null (every account) for an admin who named none,
   * otherwise as {@link #actingFor}.
   */
  public String readScope(String requested) {
    if (admin && requested == null) return null;
    return actingFor(requested);
  }

  public void requireAdmin() {
    if (!admin) throw ApiException.forbidden("this endpoint needs an admin API key (outpost apikey add ACCOUNT --admin)");
  }
}
