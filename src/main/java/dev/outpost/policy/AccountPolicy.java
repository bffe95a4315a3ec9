package dev.outpost.policy;

import dev.outpost.accounts.Account;
import dev.outpost.accounts.AccountService;
import dev.outpost.accounts.Limit;
import dev.outpost.accounts.LimitDecision;
import dev.outpost.smtp.Replies;
import java.util.Optional;

/**
 * What an authenticated account may send: only from its own domains (MAIL FROM and the From:
 * header alike), and only within its limits. Relaying is judged first by the wrapped policy.
 *
 * <p>An account name the store does not know (a session authenticated by an embedding
 * application's own authenticator) is left to that application: only the relay rules apply.
 */
public final class AccountPolicy implements SessionPolicy {
  private final SessionPolicy relay;
  private final AccountService accounts;

  public AccountPolicy(SessionPolicy relay, AccountService accounts) {
    this.relay = relay;
    this.accounts = accounts;
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
    return limit(accounts.checkMessage(account.get()));
  }

  @Override
  public Decision checkRecipient(SessionFacts facts, String recipient, int acceptedSoFar) {
    Decision decision = relay.checkRecipient(facts, recipient, acceptedSoFar);
    if (!(decision instanceof Decision.Accept)) return decision;
    Optional<Account> account = account(facts);
    return account.isEmpty() ? Decision.ACCEPT : limit(accounts.checkRecipients(account.get(), acceptedSoFar + 1));
  }

  /** The From: header is checked here because it is what the reader sees; then the quota counts. */
  @Override
  public Decision checkMessage(SessionFacts facts, MessageFacts message) {
    Decision decision = relay.checkMessage(facts, message);
    if (!(decision instanceof Decision.Accept)) return decision;
    Optional<Account> account = account(facts);
    if (account.isEmpty()) return Decision.ACCEPT;
    for (String from : message.fromAddresses()) {
      if (!accounts.mayUseSender(account.get(), from)) {
        return new Decision.Reject(Replies.fromHeaderNotOwned(from, account.get().name()));
      }
    }
    return limit(accounts.checkAndCount(account.get(), message.recipients(), message.size()));
  }

  private Optional<Account> account(SessionFacts facts) {
    return facts.authenticated() ? accounts.account(facts.account()) : Optional.empty();
  }

  private static Decision limit(LimitDecision decision) {
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
