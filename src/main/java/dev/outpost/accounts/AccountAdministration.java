package dev.outpost.accounts;

import dev.outpost.store.StateStore;
import dev.outpost.store.StoreConflictException;
import dev.outpost.tracking.TrackingOptions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Changes to accounts and what they own, for the CLI and later the HTTP API. Every method checks
 * its arguments and says in an {@link AdministrationException} what is wrong. Secrets it makes
 * (passwords, API keys, TOTP enrollments) are returned once and stored only hashed, except the
 * TOTP secret, which the server needs in the clear to compute codes.
 */
public final class AccountAdministration {
  private static final String ISSUER = "Outpost";
  private static final char[] PASSWORD_ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
  private static final int PASSWORD_LENGTH = 24;

  private final StateStore store;
  private final PasswordHasher hasher;
  private final SecureRandom random;
  private final Clock clock;

  public AccountAdministration(StateStore store, PasswordHasher hasher, SecureRandom random, Clock clock) {
    this.store = store;
    this.hasher = hasher;
    this.random = random;
    this.clock = clock;
  }

  public Account addAccount(String name, String bounceAddress, AccountLimits limits) {
    Account account;
    try {
      account = Account.create(name, bounceAddress, limits, clock.instant());
    } catch (IllegalArgumentException e) {
      throw new AdministrationException(e.getMessage());
    }
    try {
      store.insertAccount(account);
    } catch (StoreConflictException e) {
      throw new AdministrationException("an account named " + name + " exists already");
    }
    return account;
  }

  public Account account(String name) {
    return store.findAccount(name).orElseThrow(() -> new NoSuchAccountException("no account named " + name));
  }

  public List<Account> accounts() {
    return store.listAccounts();
  }

  /** Enables or disables the account; enabling also lifts a lockout. */
  public Account setEnabled(String name, boolean enabled) {
    Account a = account(name);
    Account changed = a.withEnabled(enabled, enabled ? null : a.lockedUntil());
    store.updateAccount(changed);
    return changed;
  }

  /** Turns the unsubscribe headers of the account's mail on or off; a running server sees it at the next AUTH. */
  public Account setListUnsubscribe(String name, boolean on) {
    Account changed = account(name).withListUnsubscribe(on);
    store.updateAccount(changed);
    return changed;
  }

  /** The open and click tracking the account allows. */
  public TrackingOptions tracking(String name) {
    account(name);
    return store.tracking(name);
  }

  /**
   * Changes the open and click tracking the account allows, each left as it is when null; a
   * running server applies it from the next message.
   */
  public TrackingOptions setTracking(String name, Boolean opens, Boolean clicks) {
    TrackingOptions now = tracking(name);
    TrackingOptions changed = new TrackingOptions(opens == null ? now.opens() : opens,
        clicks == null ? now.clicks() : clicks);
    if (!store.setTracking(name, changed)) throw new NoSuchAccountException("no account named " + name);
    return changed;
  }

  public void deleteAccount(String name) {
    if (!store.deleteAccount(name)) throw new NoSuchAccountException("no account named " + name);
  }

  /** Adds a login with the given password. */
  public Credential addCredential(String account, String username, String password) {
    Objects.requireNonNull(password, "password");
    if (password.length() < 12) {
      throw new AdministrationException("a password has at least 12 characters");
    }
    account(account);
    String name;
    try {
      name = Credential.normaliseUsername(username);
    } catch (IllegalArgumentException e) {
      throw new AdministrationException(e.getMessage());
    }
    Credential credential = new Credential(name, account, hasher.hash(password), clock.instant());
    try {
      store.insertCredential(credential);
    } catch (StoreConflictException e) {
      throw new AdministrationException("the username " + name + " is taken");
    }
    return credential;
  }

  /** A new random password: 24 characters from 57 unambiguous ones, about 140 bits. */
  public String generatePassword() {
    char[] out = new char[PASSWORD_LENGTH];
    for (int i = 0; i < out.length; i++) out[i] = PASSWORD_ALPHABET[random.nextInt(PASSWORD_ALPHABET.length)];
    return new String(out);
  }

  public List<Credential> credentials(String account) {
    account(account);
    return store.listCredentials(account);
  }

  public void removeCredential(String username) {
    String name;
    try {
      name = Credential.normaliseUsername(username);
    } catch (IllegalArgumentException e) {
      throw new AdministrationException(e.getMessage());
    }
    if (!store.deleteCredential(name)) throw new NoSuchAccountException("no credential with the username " + name);
  }

  public SendingDomain addDomain(String account, String domain, boolean includeSubdomains) {
    account(account);
    String d;
    try {
      d = SendingDomain.normalise(domain);
    } catch (IllegalArgumentException e) {
      throw new AdministrationException(e.getMessage());
    }
    SendingDomain added = new SendingDomain(d, account, includeSubdomains, clock.instant());
    try {
      store.insertDomain(added);
    } catch (StoreConflictException e) {
      String owner = store.findDomain(d).map(SendingDomain::account).orElse("another account");
      throw new AdministrationException("the domain " + d + " belongs to " + owner + " already");
    }
    return added;
  }

  public List<SendingDomain> domains(String account) {
    account(account);
    return store.listDomains(account);
  }

  public void removeDomain(String account, String domain) {
    account(account);
    String d;
    try {
      d = SendingDomain.normalise(domain);
    } catch (IllegalArgumentException e) {
      throw new AdministrationException(e.getMessage());
    }
    if (!store.deleteDomain(account, d)) {
      throw new NoSuchAccountException("the account " + account + " has no domain " + d);
    }
  }

  /** Issues an API key; its secret is in the result and nowhere else. */
  public IssuedApiKey addApiKey(String account, ApiKeyScope scope) {
    account(account);
    IssuedApiKey issued = new ApiKeys(random).issue(account, scope, clock.instant());
    store.insertApiKey(issued.stored());
    return issued;
  }

  public List<ApiKey> apiKeys(String account) {
    account(account);
    return store.listApiKeys(account);
  }

  /** Enrolls the account in TOTP, replacing an earlier enrollment and its recovery codes. */
  public TotpEnrollment enrollTotp(String account) {
    account(account);
    byte[] secret = new byte[20];
    random.nextBytes(secret);
    String base32 = Base32.encode(secret);
    Instant now = clock.instant();
    List<String> codes = RecoveryCodes.generate(random);
    store.replaceTotp(new TotpSecret(account, base32, 0, now),
        codes.stream().map(RecoveryCodes::hash).toList());
    String uri = "otpauth://totp/" + ISSUER + ":" + account + "?secret=" + base32 + "&issuer=" + ISSUER
        + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
    return new TotpEnrollment(uri, codes);
  }

  /** Counts of the current windows as stored; a running server's last few seconds may be missing. */
  public UsageCounts storedUsage(String account) {
    Instant now = clock.instant();
    return new UsageCounts(
        store.usage(account, UsageWindow.HOUR, UsageWindow.HOUR.start(now)),
        store.usage(account, UsageWindow.DAY, UsageWindow.DAY.start(now)),
        store.usage(account, UsageWindow.MONTH, UsageWindow.MONTH.start(now)));
  }
}
