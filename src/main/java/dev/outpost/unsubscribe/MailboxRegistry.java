package dev.outpost.unsubscribe;

import dev.outpost.store.StateStore;
import dev.outpost.store.StoreException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The mailto unsubscribe addresses handed out, in the state store. A message's address is stored
 * before the message is acknowledged, so that an unsubscribe mail can never arrive for an id the
 * server has forgotten, even after a crash.
 *
 * <p>A campaign to new recipients stores one row per message, and the store makes each commit
 * durable with an fsync. So commits are grouped: a session that finds no write in progress writes
 * everything queued so far in one transaction while the sessions arriving meanwhile queue theirs
 * for the next one, as the spool does with its group commit. Recipients stored before (the next
 * campaign to the same list) cost one indexed read and no write. Thread-safe.
 */
public final class MailboxRegistry {
  private final StateStore store;
  private final UnsubscribeTokens tokens;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition written = lock.newCondition();
  /** Waiting for the next transaction; guarded by {@link #lock}. */
  private List<Pending> queued = new ArrayList<>();
  /** A session is writing a transaction; guarded by {@link #lock}. */
  private boolean writing;

  public MailboxRegistry(StateStore store, UnsubscribeTokens tokens, Clock clock) {
    this.store = store;
    this.tokens = tokens;
    this.clock = clock;
  }

  /**
   * The mailbox id for this recipient of this account, stored when this returns.
   *
   * @throws StoreException when it could not be stored (every session of the failed transaction
   *     gets the same exception)
   */
  public String register(String account, String address) {
    String id = tokens.mailboxId(account, address);
    if (store.findUnsubscribeMailbox(id).isPresent()) return id;
    Pending mine = new Pending(new UnsubscribeMailbox(id, account, address.toLowerCase(Locale.ROOT),
        clock.instant()));
    lock.lock();
    try {
      queued.add(mine);
      while (!mine.done) {
        if (writing) {
          written.awaitUninterruptibly();
        } else {
          writeQueued();
        }
      }
    } finally {
      lock.unlock();
    }
    if (mine.failure != null) throw mine.failure;
    return id;
  }

  /** Called holding the lock; releases it while the transaction runs. */
  private void writeQueued() {
    List<Pending> batch = queued;
    queued = new ArrayList<>();
    writing = true;
    lock.unlock();
    RuntimeException failure = null;
    try {
      store.insertUnsubscribeMailboxes(batch.stream().map(Pending::mailbox).toList());
    } catch (RuntimeException e) {
      // Every session of the batch learns of it, not only the one that happened to write.
      failure = e;
    } finally {
      lock.lock();
      writing = false;
      for (Pending p : batch) {
        p.failure = failure;
        p.done = true;
      }
      written.signalAll();
    }
  }

  /** The mailbox of a (syntactically plausible) id, if it was handed out. */
  public Optional<UnsubscribeMailbox> find(String id) {
    if (!UnsubscribeTokens.looksLikeMailboxId(id)) return Optional.empty();
    return store.findUnsubscribeMailbox(id.toLowerCase(Locale.ROOT));
  }

  /** One session's row, and how its transaction ended; fields guarded by the registry's lock. */
  private static final class Pending {
    private final UnsubscribeMailbox mailbox;
    private boolean done;
    private RuntimeException failure;

    private Pending(UnsubscribeMailbox mailbox) {
      this.mailbox = mailbox;
    }

    UnsubscribeMailbox mailbox() {
      return mailbox;
    }
  }
}
