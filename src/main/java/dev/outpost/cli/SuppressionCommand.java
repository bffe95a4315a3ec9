package dev.outpost.cli;

import dev.outpost.accounts.AdministrationException;
import dev.outpost.config.DurationFormat;
import dev.outpost.store.StateStore;
import dev.outpost.suppression.Suppression;
import dev.outpost.suppression.SuppressionCsv;
import dev.outpost.suppression.SuppressionReason;
import dev.outpost.suppression.SuppressionScope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code outpost suppression list|add|remove|export|import}: an account's suppression list, or
 * with {@code --global} the list every sender is held to. Works on {@code state.db} directly; a
 * running server sees the change within {@code suppression.cache_ttl}.
 */
@Command(name = "suppression", description = "Manage the addresses Outpost refuses to mail.",
    subcommands = CommandLine.HelpCommand.class)
final class SuppressionCommand {
  private static final String GLOBAL_HELP = "the global list instead of an account's";

  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Command(name = "list", description = "List the entries of a list, expired ones marked.")
  int list(@Parameters(paramLabel = "ACCOUNT", arity = "0..1") String account,
      @Option(names = "--global", description = GLOBAL_HELP) boolean global) {
    return StateAccess.runOnStore(main, spec, (store, out) -> {
      Instant now = Instant.now();
      for (Suppression e : store.listSuppressions(scope(store, account, global, false))) {
        String expiry = e.expiresAt() == null ? "" : (e.activeAt(now) ? "  until " : "  expired ") + e.expiresAt();
        out.println(e.address() + "  " + e.reason().key() + "  since " + e.createdAt() + expiry
            + (e.detail().isEmpty() ? "" : "  " + e.detail()));
      }
    });
  }

  @Command(name = "add", description = "Suppress addresses: ACCOUNT ADDRESS..., or --global ADDRESS...")
  int add(@Parameters(paramLabel = "[ACCOUNT] ADDRESS", arity = "1..*") List<String> words,
      @Option(names = "--global", description = GLOBAL_HELP) boolean global,
      @Option(names = "--reason", defaultValue = "manual",
          description = "hard_bounce, complaint, unsubscribe or manual (default)") String reason,
      @Option(names = "--detail", defaultValue = "", description = "a note kept with the entry") String detail,
      @Option(names = "--expires-in", description = "stop applying after this long, e.g. 90d") String expiresIn) {
    return StateAccess.runOnStore(main, spec, (store, out) -> {
      SuppressionScope scope = scope(store, global ? null : words.getFirst(), global, true);
      SuppressionReason why = parse(() -> SuppressionReason.ofKey(reason));
      Instant now = Instant.now();
      Instant expires = expiresIn == null ? null : now.plus(parse(() -> DurationFormat.parse(expiresIn)));
      for (String address : addresses(words, global)) {
        store.putSuppression(new Suppression(scope, address, why, detail, now, expires));
        out.println("suppressed " + Suppression.normalise(address) + " on the list of " + scope.display());
      }
    });
  }

  @Command(name = "remove", description = "Stop suppressing addresses: ACCOUNT ADDRESS..., or --global ADDRESS...")
  int remove(@Parameters(paramLabel = "[ACCOUNT] ADDRESS", arity = "1..*") List<String> words,
      @Option(names = "--global", description = GLOBAL_HELP) boolean global) {
    return StateAccess.runOnStore(main, spec, (store, out) -> {
      SuppressionScope scope = scope(store, global ? null : words.getFirst(), global, false);
      for (String address : addresses(words, global)) {
        boolean removed = store.deleteSuppression(scope, address);
        out.println((removed ? "removed " : "not on the list: ") + Suppression.normalise(address));
      }
    });
  }

  @Command(name = "export", description = "Write a list as CSV (" + SuppressionCsv.HEADER + ") to standard output.")
  int export(@Parameters(paramLabel = "ACCOUNT", arity = "0..1") String account,
      @Option(names = "--global", description = GLOBAL_HELP) boolean global) {
    return StateAccess.runOnStore(main, spec, (store, out) ->
        out.print(SuppressionCsv.write(store.listSuppressions(scope(store, account, global, false)))));
  }

  @Command(name = "import", description = "Add the entries of a CSV file as written by export; existing ones"
      + " are replaced. Nothing is imported if any record is bad.")
  int importCsv(@Parameters(paramLabel = "[ACCOUNT] FILE", arity = "1..2") List<String> words,
      @Option(names = "--global", description = GLOBAL_HELP) boolean global) {
    return StateAccess.runOnStore(main, spec, (store, out) -> {
      if (words.size() != (global ? 1 : 2)) throw new AdministrationException("give ACCOUNT FILE, or --global FILE");
      SuppressionScope scope = scope(store, global ? null : words.getFirst(), global, true);
      Path file = Path.of(words.getLast());
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new AdministrationException("cannot read " + file + ": " + e.getMessage());
      }
      List<Suppression> entries = parse(() -> SuppressionCsv.read(text, scope, Instant.now()));
      for (Suppression e : entries) store.putSuppression(e);
      out.println("imported " + entries.size() + " entries into the list of " + scope.display());
    });
  }

  /**
   * The list named by ACCOUNT or {@code --global}, exactly one of them. Adding to an unknown
   * account's list is refused as a likely typo; reading or removing is not, so that entries left
   * by a deleted account stay reachable.
   */
  private static SuppressionScope scope(StateStore store, String account, boolean global, boolean mustExist) {
    if (global == (account != null)) throw new AdministrationException("name an ACCOUNT or give --global, not both");
    if (global) return SuppressionScope.GLOBAL;
    if (mustExist && store.findAccount(account).isEmpty()) {
      throw new AdministrationException("no such account: " + account);
    }
    return SuppressionScope.account(account);
  }

  private static List<String> addresses(List<String> words, boolean global) {
    List<String> addresses = global ? words : words.subList(1, words.size());
    if (addresses.isEmpty()) throw new AdministrationException("no ADDRESS given");
    for (String a : addresses) {
      if (!a.contains("@")) throw new AdministrationException("\"" + a + "\" is not an address");
    }
    return addresses;
  }

  /** Bad input in an argument or a file is a usage problem (exit 2), not a failure. */
  private static <T> T parse(Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw new AdministrationException(e.getMessage());
    }
  }
}
