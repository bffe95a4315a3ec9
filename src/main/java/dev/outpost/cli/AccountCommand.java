package dev.outpost.cli;

import dev.outpost.accounts.Account;
import dev.outpost.accounts.AccountLimits;
import dev.outpost.accounts.Credential;
import dev.outpost.accounts.Limit;
import dev.outpost.accounts.SendingDomain;
import dev.outpost.accounts.UsageCounts;
import dev.outpost.config.SizeFormat;
import dev.outpost.tracking.TrackingOptions;
import java.time.Instant;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code outpost account add|set|list|show|disable|enable|delete}. */
@Command(name = "account", description = "Manage sending accounts.",
    subcommands = CommandLine.HelpCommand.class)
final class AccountCommand {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Command(name = "add", description = "Add an account. Limits are 0 (unlimited) unless given.")
  int add(
      @Parameters(paramLabel = "NAME") String name,
      @Option(names = "--bounce-address", paramLabel = "ADDRESS") String bounceAddress,
      @Option(names = "--max-per-hour", paramLabel = "N", defaultValue = "0") long perHour,
      @Option(names = "--max-per-day", paramLabel = "N", defaultValue = "0") long perDay,
      @Option(names = "--max-per-month", paramLabel = "N", defaultValue = "0") long perMonth,
      @Option(names = "--max-recipients", paramLabel = "N", defaultValue = "0") int recipients,
      @Option(names = "--max-size", paramLabel = "SIZE", defaultValue = "0",
          description = "bytes, or a number and a unit: 10MB, 25MiB") String size,
      @Option(names = "--list-unsubscribe", negatable = true, defaultValue = "true", fallbackValue = "true",
          description = LIST_UNSUBSCRIBE_HELP + " (default on)") boolean listUnsubscribe) {
    AccountLimits limits;
    try {
      limits = new AccountLimits(perHour, perDay, perMonth, recipients, SizeFormat.parse(size));
    } catch (IllegalArgumentException e) {
      return StateAccess.usage(spec, e.getMessage());
    }
    return StateAccess.run(main, spec, (admin, out) -> {
      Account a = admin.addAccount(name, bounceAddress, limits);
      if (!listUnsubscribe) admin.setListUnsubscribe(name, false);
      out.println("added account " + a.name());
    });
  }

  private static final String LIST_UNSUBSCRIBE_HELP =
      "add List-Unsubscribe (mailto and one-click URL), List-Unsubscribe-Post and Feedback-ID to the account's mail";

  @Command(name = "set", description = "Change an account's settings; the options not given stay as they are.")
  int set(
      @Parameters(paramLabel = "NAME") String name,
      @Option(names = "--list-unsubscribe", negatable = true, description = LIST_UNSUBSCRIBE_HELP)
          Boolean listUnsubscribe,
      @Option(names = "--track-opens", negatable = true,
          description = "allow open tracking (a pixel) in the HTML Outpost builds for the account (default off)")
          Boolean trackOpens,
      @Option(names = "--track-clicks", negatable = true,
          description = "allow click tracking (signed redirects) in the HTML Outpost builds for the account"
              + " (default off)")
          Boolean trackClicks) {
    if (listUnsubscribe == null && trackOpens == null && trackClicks == null) {
      return StateAccess.usage(spec,
          "nothing to change: give --[no-]list-unsubscribe, --[no-]track-opens or --[no-]track-clicks");
    }
    return StateAccess.run(main, spec, (admin, out) -> {
      if (listUnsubscribe != null) {
        admin.setListUnsubscribe(name, listUnsubscribe);
        out.println("account " + name + ": list-unsubscribe " + (listUnsubscribe ? "on" : "off"));
      }
      if (trackOpens != null || trackClicks != null) {
        TrackingOptions t = admin.setTracking(name, trackOpens, trackClicks);
        out.println("account " + name + ": " + tracking(t));
      }
    });
  }

  private static String tracking(TrackingOptions t) {
    return "open tracking " + (t.opens() ? "on" : "off") + ", click tracking " + (t.clicks() ? "on" : "off");
  }

  @Command(name = "list", description = "List accounts.")
  int list() {
    return StateAccess.run(main, spec, (admin, out) -> {
      for (Account a : admin.accounts()) {
        out.println(a.name() + (a.enabled() ? "" : " (disabled)") + (a.lockedAt(Instant.now()) ? " (locked)" : ""));
      }
    });
  }

  @Command(name = "show", description = "Show an account: its limits and current use, domains and logins.")
  int show(@Parameters(paramLabel = "NAME") String name) {
    return StateAccess.run(main, spec, (admin, out) -> {
      Account a = admin.account(name);
      UsageCounts used = admin.storedUsage(name);
      out.println("account:        " + a.name());
      out.println("enabled:        " + (a.enabled() ? "yes" : "no"));
      out.println("locked:         " + (a.lockedAt(Instant.now()) ? "until " + a.lockedUntil() : "no"));
      out.println("bounce address: " + (a.bounceAddress() == null ? "-" : a.bounceAddress()));
      out.println("unsubscribe:    " + (a.listUnsubscribe() ? "on" : "off"));
      out.println("tracking:       " + tracking(admin.tracking(name)));
      out.println("limits (used / max, UTC windows):");
      for (Limit limit : Limit.values()) {
        long max = a.limits().of(limit);
        String shown = max == 0 ? "unlimited" : Long.toString(max);
        String line = limit.window() == null ? shown : used.in(limit.window()) + " / " + shown;
        out.printf("  %-23s %s%n", limit.description() + ":", line);
      }
      out.println("domains:        " + String.join(", ",
          admin.domains(name).stream().map(AccountCommand::domain).toList()));
      out.println("credentials:    " + String.join(", ",
          admin.credentials(name).stream().map(Credential::username).toList()));
    });
  }

  private static String domain(SendingDomain d) {
    return d.includeSubdomains() ? d.domain() + " (and subdomains)" : d.domain();
  }

  @Command(name = "disable", description = "Disable an account: its logins stop working at once.")
  int disable(@Parameters(paramLabel = "NAME") String name) {
    return StateAccess.run(main, spec, (admin, out) -> {
      admin.setEnabled(name, false);
      out.println("disabled account " + name);
    });
  }

  @Command(name = "enable", description = "Enable an account again; also lifts a lockout.")
  int enable(@Parameters(paramLabel = "NAME") String name) {
    return StateAccess.run(main, spec, (admin, out) -> {
      admin.setEnabled(name, true);
      out.println("enabled account " + name);
    });
  }

  @Command(name = "delete", description = "Delete an account with its domains, logins, keys and counts.")
  int delete(@Parameters(paramLabel = "NAME") String name) {
    return StateAccess.run(main, spec, (admin, out) -> {
      admin.deleteAccount(name);
      out.println("deleted account " + name);
    });
  }
}
