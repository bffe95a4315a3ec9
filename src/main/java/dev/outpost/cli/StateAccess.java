package dev.outpost.cli;

import dev.outpost.accounts.AccountAdministration;
import dev.outpost.accounts.AdministrationException;
import dev.outpost.accounts.PasswordHasher;
import dev.outpost.config.ConfigException;
import dev.outpost.config.OutpostConfig;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.store.StateStore;
import dev.outpost.store.StoreException;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs an administrative command on the state store of the data directory named by
 * {@code --config}. It opens {@code state.db} directly, which is safe while a server runs: SQLite
 * in WAL mode lets the two write in turns.
 *
 * <p>Exit codes as on {@link Main}: 2 for a bad configuration or a command that cannot be done as
 * asked (an unknown account, a name taken), 1 for a failure of the store itself.
 */
final class StateAccess {

  @FunctionalInterface
  interface Action {
    void run(AccountAdministration admin, PrintWriter out);
  }

  /** For commands that work on the store itself rather than on accounts. */
  @FunctionalInterface
  interface StoreAction {
    void run(StateStore store, PrintWriter out);
  }

  private StateAccess() {}

  static int run(Main main, CommandSpec spec, Action action) {
    return runOnStore(main, spec, (store, out) -> action.run(
        new AccountAdministration(store, PasswordHasher.production(), new SecureRandom(), Clock.systemUTC()), out));
  }

  static int runOnStore(Main main, CommandSpec spec, StoreAction action) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      OutpostConfig config = main.config();
      try (StateStore store = SqliteStateStore.open(config.server().dataDir())) {
        action.run(store, out);
      }
      out.flush();
      return 0;
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.flush();
      return Main.EXIT_BAD_CONFIG;
    } catch (AdministrationException e) {
      out.flush();
      err.println("outpost: " + e.getMessage());
      err.flush();
      return Main.EXIT_BAD_CONFIG;
    } catch (StoreException e) {
      out.flush();
      err.println("outpost: " + e.getMessage());
      err.flush();
      return Main.EXIT_FAILED;
    }
  }

  /** A usage problem found by a command itself, reported like picocli's own: exit 2. */
  static int usage(CommandSpec spec, String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("outpost: " + message);
    err.flush();
    return Main.EXIT_BAD_CONFIG;
  }
}
