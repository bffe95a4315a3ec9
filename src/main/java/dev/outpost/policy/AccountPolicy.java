package dev.outpost.policy;

import dev.outpost.accounts.Account;
import dev.outpost.accounts.AccountService;
import dev.outpost.accounts.Limit;
import dev.outpost.accounts.LimitDecision;
import dev.outpost.smtp.Replies;
import dev.outpost.config.SendersConfig.FromMismatch;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an authenticated account may send: only from its own domains (MAIL FROM and the From:
 * header alike), and only within its limits. Relaying is judged first by the wrapped policy.
 *
 * <p>An account name the store does not know (a session authenticated by an embedding
 * application's own authenticator) is left to that application: only the relay rules apply.
 */
public final class AccountPolicy implements SessionPolicy {
  private static final Logger LIMITS = LoggerFactory.getLogger("outpost.limits");

  private final SessionPolicy relay;
  private final AccountService accounts;
  private final FromMismatch fromMismatch;

  public AccountPolicy(SessionPolicy relay, AccountService accounts, FromMismatch fromMismatch) {
    this.relay = relay;
    this.accounts = accounts;
    this.fromMismatch = fromMismatch;
  }

  @Override
  public Decision checkSender(SessionFacts facts, String sender) {
    Decision decision = relay.checkSender(facts, sender);
    if (!(decision instanceof Decision.Accept)) return decision;
    Optional<Account> account = account(facts);
    if (account.isEmpty()) return Decision.ACCEPT;
    if (!accounts.mayUseSender(account.get(), sender)) {
      return new Decision.Reject(Replies.senderNotOwned(sender, account.get().name()));
    }
    return limit(account.get().name(), accounts.checkMessage(account.get()));
  }

  @Override
  public Decision checkRecipient(SessionFacts facts, String recipient, int acceptedSoFar) {
    Decision decision = relay.checkRecipient(facts, recipient, acceptedSoFar);
    if (!(decision instanceof Decision.Accept)) return decision;
    Optional<Account> account = account(facts);
    return account.isEmpty() ? Decision.ACCEPT
        : limit(account.get().name(), accounts.checkRecipients(account.get(), acceptedSoFar + 1));
  }

  /** The From: field is what the reader sees, so it is held to the same domains as MAIL FROM. */
  @Override
  public FromDecision checkFrom(SessionFacts facts, List<String> fromAddresses) {
    Optional<Account> account = account(facts);
    if (account.isEmpty()) return FromDecision.KEEP;
    for (String from : fromAddresses) {
      if (!accounts.mayUseSender(account.get(), from)) {
        // Without a bounce address there is nothing to rewrite to, so the message is refused.
        String bounce = account.get().bounceAddress();
        return fromMismatch == FromMismatch.REWRITE && bounce != null
            ? new FromDecision.Replace(bounce)
            : new FromDecision.Refuse(Replies.fromHeaderNotOwned(from, account.get().name()));
      }
    }
    return FromDecision.KEEP;
  }

  /** Counted last, so that a message refused for any other reason does not use up the quota. */
  @Override
  public Decision checkMessage(SessionFacts facts, MessageFacts message) {
    Decision decision = relay.checkMessage(facts, message);
    if (!(decision instanceof Decision.Accept)) return decision;
    Optional<Account> account = account(facts);
    if (account.isEmpty()) return Decision.ACCEPT;
    return limit(account.get().name(), accounts.checkAndCount(account.get(), message.recipients(), message.size()));
  }

  private Optional<Account> account(SessionFacts facts) {
    return facts.authenticated() ? accounts.account(facts.account()) : Optional.empty();
  }

  private static Decision limit(String account, LimitDecision decision) {
    if (decision instanceof LimitDecision.LimitReached r) LIMITS.info("account {}: {}", account, r.explanation());
    return switch (decision) {
      case LimitDecision.WithinLimits w -> Decision.ACCEPT;
      case LimitDecision.LimitReached r -> r.limit() == Limit.MESSAGE_SIZE
          ? new Decision.Reject(Replies.accountLimit(552, "5.3.4", r.explanation()))
          : r.limit() == Limit.RECIPIENTS_PER_MESSAGE
              ? new Decision.TempFail(Replies.accountLimit(452, "4.5.3", r.explanation()))
              : new Decision.TempFail(Replies.accountLimit(450, "4.7.1", r.explanation()));
    };
  }
}
