package dev.outpost.campaigns;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where campaigns and their recipients are kept. The embedded implementation lives in the state
 * database ({@code dev.outpost.store.SqliteStateStore#campaigns}); a PostgreSQL one implements the
 * same interface. Recipients are only ever read in pages, so a campaign's size costs disk, not
 * memory. Every method is safe to call from many threads and atomic on its own; failures of the
 * database are {@code StoreException}s.
 */
public interface CampaignStore {

  void insert(Campaign campaign);

  Optional<Campaign> find(String id);

  /** The newest {@code limit} campaigns of an account, or of every account when it is null. */
  List<Campaign> list(String account, int limit);

  /** Every campaign in this state: those sending are resumed at start. */
  List<Campaign> inState(CampaignState state);

  /**
   * Moves the campaign from {@code expected} to {@code next} if it is still in {@code expected};
   * sets the reason (null clears it), and stamps started or finished as the new state says.
   * True for exactly one of several callers racing from the same state.
   */
  boolean changeState(String id, CampaignState expected, CampaignState next, String reason, Instant at);

  /**
   * Appends recipients in the order given, in one transaction, each with the next seq; an address
   * the campaign already has is skipped. Returns how many were added.
   */
  int addRecipients(String id, List<NewRecipient> recipients);

  /** Pending recipients with a seq above {@code afterSeq}, by seq, at most {@code limit}. */
  List<CampaignRecipient> pending(String id, long afterSeq, int limit);

  /** Recipients in {@code state} with a seq above {@code afterSeq}, by seq, at most {@code limit}. */
  List<CampaignRecipient> recipients(String id, RecipientState state, long afterSeq, int limit);

  /** Records the queue id each recipient's message will be committed under, before the commit. */
  void assignQueueIds(String id, Map<Long, String> queueIdBySeq);

  /**
   * Moves recipients out of pending (or, for a cancel, out of queued) and updates the campaign's
   * counts, in one transaction.
   */
  void record(String id, List<Outcome> outcomes);

  /** Marks every pending recipient cancelled; returns how many. */
  long cancelPending(String id);

  /** A recipient to add: a checked, lower-cased address and its variables as a JSON object or null. */
  record NewRecipient(String email, String vars) {}

  /**
   * Where a recipient moved: from {@code from} to {@code to}, with the reason for a failure or
   * suppression (or null).
   */
  record Outcome(long seq, RecipientState from, RecipientState to, String detail) {}
}
