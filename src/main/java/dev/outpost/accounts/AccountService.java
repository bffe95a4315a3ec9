package dev.outpost.accounts;

import dev.outpost.store.StateStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the SMTP server and the HTTP API ask about accounts while mail flows: who is logging in,
 * which senders they may use, and whether a message is within their limits.
 *
 * <p>Safe for concurrent sessions. Logins are read from the store every time, so a credential
 * removed or an account disabled with the CLI takes effect at the next AUTH. An open session
 * keeps the {@link Account} it authenticated with, limits included, until it ends.
 *
 * <p>Events go to the {@code outpost.auth} logger; passwords, keys and codes never do.
 */
public final class AccountService implements AutoCloseable {
  private static final Logger EVENTS = LoggerFactory.getLogger("outpost.auth");
  private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);

  private final StateStore store;
  private final PasswordHasher hasher;
  private final AccountSettings settings;
  private final Clock clock;
  private final AuthFailures failures;
  private final UsageMeter usage;
  private final ScheduledExecutorService flusher;
  /** Verified against for unknown usernames, so that they take as long as wrong passwords. */
  private final String decoyHash;

  public AccountService(StateStore store, PasswordHasher hasher, AccountSettings settings, Clock clock) {
    this.store = store;
    this.hasher = hasher;
    this.settings = settings;
    this.clock = clock;
    this.failures = new AuthFailures(settings.lockoutWindow());
    this.usage = new UsageMeter(store);
    byte[] decoy = new byte[16];
    new SecureRandom().nextBytes(decoy);
    this.decoyHash = hasher.hash(HexFormat.of().formatHex(decoy));
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "outpost-usage-flush");
      t.setDaemon(true);
      return t;
    });
    long every = settings.usageFlushInterval().toMillis();
    flusher.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Checks an SMTP login (AUTH PLAIN or LOGIN). Failures with a known username count towards the
   * account's lockout; {@code clientIp} is for the event log and the count of distinct clients.
   */
  public AuthResult authenticate(String username, String password, String clientIp) {
    Instant now = clock.instant();
    String name;
    try {
      name = Credential.normaliseUsername(username);
    } catch (IllegalArgumentException e) {
      hasher.verify(password, decoyHash);
      return new AuthResult.BadCredentials();
    }
    Optional<Login> found = store.findLogin(name);
    if (found.isEmpty()) {
      hasher.verify(password, decoyHash);
      return new AuthResult.BadCredentials();
    }
    Credential credential = found.get().credential();
    Account account = found.get().account();
    if (account.lockedAt(now)) return new AuthResult.LockedOut(account.name(), account.lockedUntil());
    if (!hasher.verify(password, credential.passwordHash())) {
      return failed(account, clientIp, now);
    }
    failures.clear(account.name());
    if (!account.enabled()) return new AuthResult.AccountDisabled(account.name());
    if (hasher.needsRehash(credential.passwordHash())) {
      store.replacePasswordHash(name, credential.passwordHash(), hasher.hash(password));
    }
    return new AuthResult.Authenticated(account, name);
  }

  private AuthResult failed(Account account, String clientIp, Instant now) {
    AuthFailures.Count count = failures.record(account.name(), clientIp, now);
    if (count.failures() < settings.lockoutFailures()) return new AuthResult.BadCredentials();
    Instant until = now.plus(settings.lockoutDuration());
    Optional<Account> current = store.findAccount(account.name());
    current.ifPresent(a -> store.updateAccount(a.withLockedUntil(until)));
    failures.clear(account.name());
    EVENTS.warn("account {} locked until {}: {} failed logins from {} clients within {}, the last from {}",
        account.name(), until, count.failures(), count.clients(), settings.lockoutWindow(), clientIp);
    return new AuthResult.LockedOut(account.name(), until);
  }

  /** The account of that name as stored now, limits included. */
  public Optional<Account> account(String name) {
    return store.findAccount(name);
  }

  /** Every account as stored now, for the live view of limits. */
  public List<Account> accounts() {
    return store.listAccounts();
  }

  /** The account an API key belongs to and what it may do, if the key is known. */
  public Optional<ApiKey> authenticateApiKey(String secret) {
    if (secret == null || !secret.startsWith(ApiKeys.PREFIX)) return Optional.empty();
    return store.findApiKey(ApiKeys.hash(secret));
  }

  /**
   * Whether the account may use {@code address} as a sender (MAIL FROM, or the From: header).
   * The most specific registered domain decides: an address at {@code a.b.example.com} is
   * judged by {@code a.b.example.com} if some account has it, else by {@code b.example.com}, and
   * so on; an exact match allows the owner, a parent allows its owner only if it was added with
   * subdomains. The null sender ({@code <>}) is allowed: it is how bounces are sent.
   */
  public boolean mayUseSender(Account account, String address) {
    if (address == null || address.isEmpty()) return true;
    int at = address.lastIndexOf('@');
    if (at < 1 || at == address.length() - 1) return false;
    String domain;
    try {
      domain = SendingDomain.normalise(address.substring(at + 1));
    } catch (IllegalArgumentException e) {
      return false;
    }
    for (String d = domain; d.contains("."); d = d.substring(d.indexOf('.') + 1)) {
      Optional<SendingDomain> owner = store.findDomain(d);
      if (owner.isPresent()) {
        SendingDomain o = owner.get();
        boolean exact = d.equals(domain);
        return o.account().equals(account.name()) && (exact || o.includeSubdomains());
      }
    }
    return false;
  }

  /** At MAIL FROM with SIZE=: whether the declared size is within the account's limit. */
  public LimitDecision checkSize(Account account, long size) {
    long max = account.limits().maxMessageSize();
    return max > 0 && size > max
        ? new LimitDecision.LimitReached(Limit.MESSAGE_SIZE, max, size, null)
        : LimitDecision.WITHIN_LIMITS;
  }

  /** At each RCPT TO: whether {@code recipients} (counting this one) is within the limit. */
  public LimitDecision checkRecipients(Account account, int recipients) {
    long max = account.limits().recipientsPerMessage();
    return max > 0 && recipients > max
        ? new LimitDecision.LimitReached(Limit.RECIPIENTS_PER_MESSAGE, max, recipients, null)
        : LimitDecision.WITHIN_LIMITS;
  }

  /** At MAIL FROM: whether one more message fits the hourly, daily and monthly counts. Counts nothing. */
  public LimitDecision checkMessage(Account account) {
    return usage.countIfWithin(account.name(), account.limits(), clock.instant(), false);
  }

  /**
   * After DATA, before the message is spooled: checks size, recipients and the message counts,
   * and counts the message if all are within limits. Exactly one of several concurrent messages
   * gets the last message of a window's quota.
   */
  public LimitDecision checkAndCount(Account account, int recipients, long size) {
    LimitDecision sizeDecision = checkSize(account, size);
    if (sizeDecision instanceof LimitDecision.LimitReached) return sizeDecision;
    LimitDecision rcpt = checkRecipients(account, recipients);
    if (rcpt instanceof LimitDecision.LimitReached) return rcpt;
    return usage.countIfWithin(account.name(), account.limits(), clock.instant(), true);
  }

  /** Messages counted in the current hour, day and month, including those not yet flushed. */
  public UsageCounts usage(Account account) {
    return usage.counts(account.name(), clock.instant());
  }

  /**
   * Checks a TOTP code or, failing that, a recovery code, for a second-factor login. A code is
   * accepted once: a TOTP code only if its step is later than the last accepted one, a recovery
   * code only if unused.
   */
  public boolean verifySecondFactor(String account, String code) {
    Optional<TotpSecret> secret = store.findTotp(account);
    if (secret.isEmpty() || code == null) return false;
    Instant now = clock.instant();
    String digits = code.strip();
    OptionalLong step = Totp.matchingStep(Base32.decode(secret.get().secretBase32()), digits, now,
        secret.get().lastUsedStep());
    if (step.isPresent()) return store.advanceTotpStep(account, step.getAsLong());
    if (digits.length() == Totp.DIGITS) return false;
    boolean used = store.useRecoveryCode(account, RecoveryCodes.hash(digits.toLowerCase(Locale.ROOT)), now);
    if (used) {
      EVENTS.info("account {}: recovery code used, {} left", account, store.unusedRecoveryCodes(account));
    }
    return used;
  }

  /** Writes counted usage to the store now. */
  public void flushUsage() {
    usage.flush(clock.instant());
  }

  private void flushQuietly() {
    try {
      flushUsage();
    } catch (RuntimeException e) {
      LOG.warn("usage counts not written, will retry: {}", e.getMessage());
    }
  }

  /** Stops the periodic flush and writes what is left; the store stays open. */
  @Override
  public void close() {
    flusher.shutdownNow();
    try {
      flusher.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushUsage();
  }
}
