package dev.outpost.cli;

import dev.outpost.accounts.ApiKey;
import dev.outpost.accounts.ApiKeyScope;
import dev.outpost.accounts.IssuedApiKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code outpost apikey add|list}: keys for the HTTP API. */
@Command(name = "apikey", description = "Manage HTTP API keys.", subcommands = CommandLine.HelpCommand.class)
final class ApiKeyCommand {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Command(name = "add", description = {"Issue a key for an account. It is printed once, alone on the last line;",
      "only its hash is kept."})
  int add(
      @Parameters(paramLabel = "ACCOUNT") String account,
      @Option(names = "--admin", description = "the key may administer every account") boolean admin) {
    return StateAccess.run(main, spec, (accounts, out) -> {
      IssuedApiKey key = accounts.addApiKey(account, admin ? ApiKeyScope.ADMIN : ApiKeyScope.ACCOUNT);
      out.println("issued " + key.stored().scope().key() + " API key " + key.stored().hint() + "... for account "
          + account + "; the key, shown only now:");
      out.println(key.secret());
    });
  }

  @Command(name = "list", description = "List an account's keys by their first characters.")
  int list(@Parameters(paramLabel = "ACCOUNT") String account) {
    return StateAccess.run(main, spec, (accounts, out) -> {
      for (ApiKey k : accounts.apiKeys(account)) {
        out.println(k.hint() + "...  " + k.scope().key() + "  issued " + k.createdAt());
      }
    });
  }
}
