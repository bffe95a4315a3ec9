package dev.outpost.policy;

import dev.outpost.accounts.AccountService;
import dev.outpost.accounts.AuthResult;
import dev.outpost.smtp.AuthOutcome;
import dev.outpost.smtp.Credentials;
import java.net.InetAddress;

/**
 * SMTP AUTH against Outpost's own accounts. Every failure, a disabled or locked account too, is
 * the same 535 on the wire, so that the reply tells an attacker nothing; the log says which.
 */
public final class AccountAuthenticator implements Authenticator {
  private final AccountService accounts;

  public AccountAuthenticator(AccountService accounts) {
    this.accounts = accounts;
  }

  @Override
  public AuthOutcome authenticate(Credentials credentials, InetAddress client) {
    AuthResult result = accounts.authenticate(credentials.username(), credentials.password(), client.getHostAddress());
    return switch (result) {
      case AuthResult.Authenticated a -> new AuthOutcome.Success(a.account().name());
      case AuthResult.BadCredentials b -> new AuthOutcome.BadCredentials();
      case AuthResult.AccountDisabled d -> new AuthOutcome.BadCredentials();
      case AuthResult.LockedOut l -> new AuthOutcome.BadCredentials();
    };
  }
}
