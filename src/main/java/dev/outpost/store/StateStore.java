package dev.outpost.store;

import dev.outpost.accounts.Account;
import dev.outpost.accounts.ApiKey;
import dev.outpost.accounts.Credential;
import dev.outpost.accounts.Login;
import dev.outpost.accounts.SendingDomain;
import dev.outpost.accounts.TotpSecret;
import dev.outpost.accounts.UsageWindow;
import dev.outpost.reputation.BlocklistEvent;
import dev.outpost.suppression.Suppression;
import dev.outpost.suppression.SuppressionScope;
import dev.outpost.unsubscribe.UnsubscribeMailbox;
import dev.outpost.tracking.TrackingOptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shared state of Outpost: accounts and everything they own, the blocklist history, the
 * suppression lists and the mailto unsubscribe addresses handed out. The
 * embedded implementation is {@link SqliteStateStore}; a PostgreSQL one for several nodes
 * implements the same interface and passes the same contract test.
 *
 * <p>Every method is safe to call from many threads at once, and each is atomic on its own.
 * Names are stored as given: callers normalise domains and usernames first. Deleting an account
 * deletes everything it owns. Methods that change one row say whether it existed; inserts of a
 * key that exists throw {@link StoreConflictException}. Failures of the database itself are
 * {@link StoreException}.
 */
public interface StateStore extends AutoCloseable {

  void insertAccount(Account account);

  Optional<Account> findAccount(String name);

  /** All accounts, by name. */
  List<Account> listAccounts();

  /** Replaces enabled, bounce address, limits, lock and unsubscribe setting of the account with the same name. */
  boolean updateAccount(Account account);

  boolean deleteAccount(String name);

  /** @throws StoreConflictException if the username exists, or the account does not */
  void insertCredential(Credential credential);

  /** The credential and its account, in one lookup: the AUTH path. */
  Optional<Login> findLogin(String username);

  /** The account's credentials, by username. */
  List<Credential> listCredentials(String account);

  /** Replaces the hash only if it is still {@code expected}, so a concurrent change wins. */
  boolean replacePasswordHash(String username, String expected, String replacement);

  boolean deleteCredential(String username);

  /** @throws StoreConflictException if any account has the domain, or the account does not exist */
  void insertDomain(SendingDomain domain);

  Optional<SendingDomain> findDomain(String domain);

  /** The account's domains, by name. */
  List<SendingDomain> listDomains(String account);

  boolean deleteDomain(String account, String domain);

  void insertApiKey(ApiKey key);

  Optional<ApiKey> findApiKey(String hash);

  /** The account's keys, oldest first. */
  List<ApiKey> listApiKeys(String account);

  /** Enrolls the account, replacing any earlier secret and all its recovery codes. */
  void replaceTotp(TotpSecret secret, List<String> recoveryCodeHashes);

  Optional<TotpSecret> findTotp(String account);

  /**
   * Records {@code step} as the last used step if it is later than the stored one. True for
   * exactly one of several callers racing with the same step: the atomic half of replay
   * protection.
   */
  boolean advanceTotpStep(String account, long step);

  /** Marks an unused recovery code used; true for exactly one caller per code. */
  boolean useRecoveryCode(String account, String codeHash, Instant now);

  int unusedRecoveryCodes(String account);

  /**
   * Adds message counts to windows, creating rows as needed, in one transaction. Keys are the
   * window kind and its start; accounts deleted meanwhile are skipped.
   */
  void addUsage(String account, Map<UsageWindow, Map<Instant, Long>> messages);

  /** The stored count of the window of {@code kind} that starts at {@code start}; zero if none. */
  long usage(String account, UsageWindow kind, Instant start);

  /** Deletes counts of windows that ended before {@code before}: they are history. */
  int deleteUsageBefore(Instant before);

  /** Records a listing or delisting seen by the blocklist monitor. */
  void insertBlocklistEvent(BlocklistEvent event);

  /** Listings and delistings, newest first, at most {@code limit}. */
  List<BlocklistEvent> listBlocklistEvents(int limit);

  /** For each subject and zone whose latest event is a listing, that listing; by subject and zone. */
  List<BlocklistEvent> listCurrentBlocklistings();

  /**
   * Adds the address to its list, or replaces the entry there: a repeated hard bounce or a
   * re-import refreshes reason, detail and dates rather than failing.
   */
  void putSuppression(Suppression suppression);

  /** The entry for the (lower-cased) address on the list, expired or not. */
  Optional<Suppression> findSuppression(SuppressionScope scope, String address);

  /** The list's entries, expired ones included, by address. */
  List<Suppression> listSuppressions(SuppressionScope scope);

  /**
   * One page of the list, by address: at most {@code limit} entries whose address sorts after
   * {@code after} (null for the first page), so that a page boundary holds while entries are
   * added and removed.
   */
  List<Suppression> listSuppressions(SuppressionScope scope, String after, int limit);

  boolean deleteSuppression(SuppressionScope scope, String address);

  /**
   * Stores mailto unsubscribe addresses in one transaction. An id stored already keeps its row;
   * one whose account was deleted meanwhile is skipped.
   */
  void insertUnsubscribeMailboxes(List<UnsubscribeMailbox> mailboxes);

  Optional<UnsubscribeMailbox> findUnsubscribeMailbox(String id);

  /**
   * The open and click tracking the account allows; {@link TrackingOptions#NONE} for an account
   * that never changed it, and for no such account.
   */
  TrackingOptions tracking(String account);

  /** Sets what the account allows; false when there is no such account. */
  boolean setTracking(String account, TrackingOptions tracking);

  @Override
  void close();
}
