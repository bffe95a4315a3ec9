package dev.outpost.cli;

import dev.outpost.accounts.Credential;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code outpost credential add|list|remove}: SMTP logins. */
@Command(name = "credential", description = "Manage SMTP logins (username and password) of accounts.",
    subcommands = CommandLine.HelpCommand.class)
final class CredentialCommand {
  /** Passwords read from stdin are capped: a password is not a file. */
  private static final int MAX_PASSWORD_BYTES = 1024;

  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Command(name = "add", description = {"Add a login to an account.",
      "Without --password-stdin a strong password is generated and printed once, alone on the last line."})
  int add(
      @Parameters(paramLabel = "ACCOUNT") String account,
      @Option(names = "--username", paramLabel = "USER", required = true) String username,
      @Option(names = "--password-stdin", description = "read the password from standard input") boolean fromStdin) {
    String given = null;
    if (fromStdin) {
      try {
        given = readPassword(System.in);
      } catch (IOException e) {
        return StateAccess.usage(spec, "cannot read the password from standard input: " + e.getMessage());
      }
      if (given == null) return StateAccess.usage(spec, "the password on standard input is longer than 1024 bytes");
    }
    String password = given;
    return StateAccess.run(main, spec, (admin, out) -> {
      String chosen = password == null ? admin.generatePassword() : password;
      Credential c = admin.addCredential(account, username, chosen);
      if (password == null) {
        out.println("added login " + c.username() + " to account " + account + "; its password, shown only now:");
        out.println(chosen);
      } else {
        out.println("added login " + c.username() + " to account " + account);
      }
    });
  }

  /** The first line of {@code in} without its line end; null if too long. */
  private static String readPassword(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_PASSWORD_BYTES + 1);
    if (bytes.length > MAX_PASSWORD_BYTES) return null;
    String text = new String(bytes, StandardCharsets.UTF_8);
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end);
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  @Command(name = "list", description = "List the logins of an account.")
  int list(@Parameters(paramLabel = "ACCOUNT") String account) {
    return StateAccess.run(main, spec, (admin, out) -> {
      for (Credential c : admin.credentials(account)) out.println(c.username() + "  added " + c.createdAt());
    });
  }

  @Command(name = "remove", description = "Remove a login; sessions already logged in keep going until they end.")
  int remove(@Parameters(paramLabel = "USER") String username) {
    return StateAccess.run(main, spec, (admin, out) -> {
      admin.removeCredential(username);
      out.println("removed login " + username);
    });
  }
}
