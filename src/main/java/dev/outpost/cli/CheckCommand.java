package dev.outpost.cli;

import dev.outpost.accounts.Account;
import dev.outpost.config.ConfigException;
import dev.outpost.config.OutpostConfig;
import dev.outpost.reputation.BlocklistAnswer;
import dev.outpost.reputation.BlocklistEvent;
import dev.outpost.reputation.BlocklistLookup;
import dev.outpost.reputation.BlocklistMonitor;
import dev.outpost.reputation.BlocklistStatus;
import dev.outpost.reputation.CheckResult;
import dev.outpost.reputation.DkimKeyDirectory;
import dev.outpost.reputation.DomainCheck;
import dev.outpost.reputation.DomainReport;
import dev.outpost.reputation.ReputationDns;
import dev.outpost.reputation.Verdict;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.store.StateStore;
import dev.outpost.store.StoreException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code outpost check domain DOMAIN} and {@code outpost check blocklists}: the DNS setup of a
 * sending domain, and Outpost's own addresses and domains on blocklists. Both ask DNS now,
 * through {@code [dns] resolvers}. Exit 0 when nothing fails, 1 when something does, 2 for a bad
 * configuration.
 */
@Command(name = "check", description = "Check a sending domain's DNS setup, or the blocklists.",
    subcommands = CommandLine.HelpCommand.class)
final class CheckCommand {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Command(name = "domain", description = "Check SPF, DKIM, DMARC, MX, MTA-STS, TLS-RPT and reverse DNS.")
  int domain(
      @Parameters(paramLabel = "DOMAIN") String domain,
      @Option(names = "--return-path", paramLabel = "DOMAIN", description = "the envelope sender's domain"
          + " (default: that of the bounce address of the account owning DOMAIN, else DOMAIN)") String returnPath) {
    return run((config, store, out) -> {
      String d = domain.toLowerCase(Locale.ROOT);
      String rp = returnPath != null ? returnPath : bounceDomain(store, d).orElse(d);
      DkimKeyDirectory keys = new DkimKeyDirectory(config.server().dataDir());
      DomainCheck check = new DomainCheck(new ReputationDns(config.dns()), keys, config.reputation().sendingIps(),
          config.server().hostname());
      DomainReport report = check.check(d, rp);
      out.println("checking " + d + " (Return-Path domain " + rp + ", EHLO " + config.server().hostname() + ")");
      for (String problem : keys.problems(d)) out.println("WARN  DKIM key file unreadable: " + problem);
      for (CheckResult r : report.results()) {
        out.printf("%-5s %s: %s%n", r.verdict(), r.name(), r.explanation());
        if (!r.fix().isEmpty()) out.println("      fix: " + r.fix());
      }
      out.println(report.verdict() == Verdict.FAIL ? "some checks failed" : "no check failed");
      return report.verdict() == Verdict.FAIL ? Main.EXIT_FAILED : 0;
    });
  }

  @Command(name = "blocklists", description = "Query every blocklist now and show the listing history.")
  int blocklists(@Option(names = "--history", paramLabel = "N", defaultValue = "20",
      description = "how many past listings and delistings to show (default: 20)") int history) {
    return run((config, store, out) -> {
      BlocklistMonitor monitor = new BlocklistMonitor(config.reputation(), config.reputation().sendingIps(),
          BlocklistMonitor.sendingDomains(store), new BlocklistLookup(new ReputationDns(config.dns())), store,
          Clock.systemUTC());
      List<BlocklistStatus> statuses = monitor.checkNow();
      if (statuses.isEmpty()) {
        out.println("nothing to check: set [reputation] sending_ips and zones, or add sending domains");
      }
      boolean failed = false;
      for (BlocklistStatus s : statuses) {
        String line = switch (s.answer()) {
          case BlocklistAnswer.NotListed n -> "ok      ";
          case BlocklistAnswer.Listed l -> "LISTED  ";
          case BlocklistAnswer.Error e -> "ERROR   ";
        } + s.subject() + " on " + s.zone() + switch (s.answer()) {
          case BlocklistAnswer.NotListed n -> "";
          case BlocklistAnswer.Listed l -> ": " + l.describe();
          case BlocklistAnswer.Error e -> ": " + e.reason();
        };
        failed |= !(s.answer() instanceof BlocklistAnswer.NotListed);
        out.println(line);
      }
      List<BlocklistEvent> events = store.listBlocklistEvents(history);
      out.println(events.isEmpty() ? "history: no listings recorded" : "history (newest first):");
      for (BlocklistEvent e : events) {
        out.println("  " + e.at() + "  " + (e.listed() ? "listed   " : "delisted ") + e.subject() + " on "
            + e.zone() + (e.reason().isEmpty() ? "" : ": " + e.reason()));
      }
      return failed ? Main.EXIT_FAILED : 0;
    });
  }

  private static Optional<String> bounceDomain(StateStore store, String domain) {
    return store.findDomain(domain)
        .flatMap(d -> store.findAccount(d.account()))
        .map(Account::bounceAddress)
        .filter(a -> a != null && a.contains("@"))
        .map(a -> a.substring(a.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT));
  }

  @FunctionalInterface
  private interface Check {
    int run(OutpostConfig config, StateStore store, PrintWriter out);
  }

  private int run(Check check) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      OutpostConfig config = main.config();
      try (StateStore store = SqliteStateStore.open(config.server().dataDir())) {
        int code = check.run(config, store, out);
        out.flush();
        return code;
      }
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.flush();
      return Main.EXIT_BAD_CONFIG;
    } catch (StoreException e) {
      out.flush();
      err.println("outpost: " + e.getMessage());
      err.flush();
      return Main.EXIT_FAILED;
    }
  }
}
