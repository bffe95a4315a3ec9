package dev.outpost.cli;

import dev.outpost.config.ConfigException;
import dev.outpost.dkim.DkimAlgorithm;
import dev.outpost.dkim.DkimKey;
import dev.outpost.dkim.DkimKeyException;
import dev.outpost.dkim.DkimKeyStore;
import dev.outpost.dkim.KeyEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code outpost dkim generate|list|activate|remove}: the DKIM keys in the data directory. A
 * running server notices the change within seconds. Exit codes as on {@link Main}: 2 for a bad
 * configuration or a request that cannot be done (unknown selector, one that exists), 1 when the
 * key directory cannot be read or written.
 */
@Command(name = "dkim", description = "Manage the DKIM signing keys of sending domains.",
    subcommands = CommandLine.HelpCommand.class)
final class DkimCommand {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @FunctionalInterface
  private interface Action {
    void run(DkimKeyStore keys, PrintWriter out) throws IOException;
  }

  @Command(name = "generate", description = {
      "Create a key and print the DNS TXT record to publish (alone on the last line).",
      "The first key of a domain and algorithm signs at once; a later one waits for 'dkim activate',"
          + " so its record can be published first."})
  int generate(
      @Parameters(paramLabel = "DOMAIN") String domain,
      @Option(names = "--selector", required = true, paramLabel = "S") String selector,
      @Option(names = "--algorithm", defaultValue = "rsa", paramLabel = "rsa|ed25519",
          description = "rsa (default) or ed25519, which is signed in addition to rsa") String algorithm,
      @Option(names = "--bits", defaultValue = "2048", paramLabel = "N", description = "RSA key size (default 2048)")
      int bits) {
    return run((keys, out) -> {
      KeyEntry entry = keys.generate(domain, selector, DkimAlgorithm.named(algorithm), bits);
      DkimKey key = entry.key();
      out.println("generated " + key.algorithm().keyType() + " key " + key.selector() + " for " + key.domain()
          + (entry.active() ? "; it signs from now on"
              : "; publish the record, then: outpost dkim activate " + key.domain() + " --selector " + key.selector()));
      out.println("DNS record to publish:");
      out.println(key.zoneFileLine());
    });
  }

  @Command(name = "list", description = "List the keys of one domain, or of all domains.")
  int list(@Parameters(paramLabel = "DOMAIN", arity = "0..1") String domain) {
    return run((keys, out) -> {
      for (KeyEntry e : keys.list(domain)) {
        DkimKey k = e.key();
        out.printf("%-30s %-20s %-8s %s%n", k.domain(), k.selector(), k.algorithm().keyType(),
            e.active() ? "active" : "inactive");
      }
    });
  }

  @Command(name = "activate", description = "Sign with this key from now on; the key it replaces is kept.")
  int activate(@Parameters(paramLabel = "DOMAIN") String domain,
      @Option(names = "--selector", required = true, paramLabel = "S") String selector) {
    return run((keys, out) -> {
      DkimKey key = keys.activate(domain, selector);
      out.println(key.domain() + " signs " + key.algorithm().keyType() + " with selector " + key.selector());
    });
  }

  @Command(name = "remove", description = "Delete a key. The active key needs --force, and then its algorithm stops signing.")
  int remove(@Parameters(paramLabel = "DOMAIN") String domain,
      @Option(names = "--selector", required = true, paramLabel = "S") String selector,
      @Option(names = "--force", description = "remove the active key too") boolean force) {
    return run((keys, out) -> {
      DkimKey key = keys.remove(domain, selector, force);
      out.println("removed " + key.algorithm().keyType() + " key " + key.selector() + " of " + key.domain()
          + "; its DNS record can go once mail signed with it has been delivered");
    });
  }

  private int run(Action action) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      action.run(new DkimKeyStore(main.config().server().dataDir()), out);
      out.flush();
      return 0;
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.flush();
      return Main.EXIT_BAD_CONFIG;
    } catch (DkimKeyException e) {
      return StateAccess.usage(spec, e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      out.flush();
      err.println("outpost: " + e.getMessage());
      err.flush();
      return Main.EXIT_FAILED;
    }
  }
}
