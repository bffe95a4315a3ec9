package dev.outpost.accounts;

import java.net.IDN;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A domain an account may use in MAIL FROM and From:. A domain belongs to at most one account,
 * so one tenant can never claim another's domain.
 *
 * @param domain lower-case ASCII (IDNs in their xn-- form)
 * @param account the owning account's name
 * @param includeSubdomains whether addresses at any subdomain are allowed too; off unless the
 *     operator asks, because a subdomain is often delegated to someone else
 * @param createdAt when the domain was added
 */
public record SendingDomain(String domain, String account, boolean includeSubdomains, Instant createdAt) {

  public SendingDomain {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /**
   * The stored form of a domain as typed by a person or found in an address: ASCII, lower case,
   * without a trailing dot.
   *
   * @throws IllegalArgumentException if it is not a domain name
   */
  public static String normalise(String domain) {
    String d = domain.strip();
    if (d.endsWith(".")) d = d.substring(0, d.length() - 1);
    String ascii;
    try {
      ascii = IDN.toASCII(d, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("\"" + domain + "\" is not a domain name");
    }
    if (ascii.isEmpty() || ascii.length() > 253 || !ascii.contains(".")) {
      throw new IllegalArgumentException("\"" + domain + "\" is not a domain name (e.g. news.example.com)");
    }
    return ascii;
  }
}
