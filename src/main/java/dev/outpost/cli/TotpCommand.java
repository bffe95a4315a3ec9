package dev.outpost.cli;

import dev.outpost.accounts.TotpEnrollment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code outpost totp enroll}: two-factor login to the dashboard and API. */
@Command(name = "totp", description = "Manage two-factor (TOTP) login of accounts.",
    subcommands = CommandLine.HelpCommand.class)
final class TotpCommand {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Command(name = "enroll", description = {"Enroll an account, replacing any earlier enrollment.",
      "Prints the otpauth:// URI for an authenticator app and ten single-use recovery codes, once."})
  int enroll(@Parameters(paramLabel = "ACCOUNT") String account) {
    return StateAccess.run(main, spec, (admin, out) -> {
      TotpEnrollment e = admin.enrollTotp(account);
      out.println("add this to an authenticator app (or show it as a QR code):");
      out.println(e.otpauthUri());
      out.println("recovery codes, each good for one login; keep them safe, they are not shown again:");
      for (String code : e.recoveryCodes()) out.println(code);
    });
  }
}
