package dev.outpost.cli;

import dev.outpost.accounts.SendingDomain;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code outpost domain add|list|remove}: the sender domains of accounts. */
@Command(name = "domain", description = "Manage the sender domains an account may use.",
    subcommands = CommandLine.HelpCommand.class)
final class DomainCommand {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Command(name = "add", description = "Let an account send as a domain. A domain belongs to one account.")
  int add(
      @Parameters(paramLabel = "ACCOUNT") String account,
      @Parameters(paramLabel = "DOMAIN") String domain,
      @Option(names = "--include-subdomains", description = "allow every subdomain too") boolean subdomains) {
    return StateAccess.run(main, spec, (admin, out) -> {
      SendingDomain d = admin.addDomain(account, domain, subdomains);
      out.println("account " + account + " may send as " + d.domain() + (subdomains ? " and its subdomains" : ""));
    });
  }

  @Command(name = "list", description = "List the domains of an account.")
  int list(@Parameters(paramLabel = "ACCOUNT") String account) {
    return StateAccess.run(main, spec, (admin, out) -> {
      for (SendingDomain d : admin.domains(account)) {
        out.println(d.domain() + (d.includeSubdomains() ? "  (and subdomains)" : ""));
      }
    });
  }

  @Command(name = "remove", description = "Stop an account sending as a domain.")
  int remove(@Parameters(paramLabel = "ACCOUNT") String account, @Parameters(paramLabel = "DOMAIN") String domain) {
    return StateAccess.run(main, spec, (admin, out) -> {
      admin.removeDomain(account, domain);
      out.println("removed " + domain + " from account " + account);
    });
  }
}
