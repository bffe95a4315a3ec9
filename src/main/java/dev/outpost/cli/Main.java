package dev.outpost.cli;

import dev.outpost.config.ConfigException;
import dev.outpost.config.ConfigLoader;
import dev.outpost.config.OutpostConfig;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code outpost} command.
 *
 * <p>Exit codes: 0 success; 1 the server could not start or a command failed at run time;
 * 2 the configuration or the command line is wrong (nothing was started), including commands
 * that name an account, login, domain or queued message that does not exist or one that exists
 * already. Commands that need the running server ({@code queue}, {@code limits}, {@code status})
 * exit 1 when it is not running. A server stopped by SIGTERM or SIGINT exits the way the JVM does after its shutdown hooks (143 or 130).
 */
@Command(
    name = "outpost",
    description = "A self-hosted SMTP server for email marketing.",
    mixinStandardHelpOptions = true,
    versionProvider = OutpostVersion.class,
    subcommands = {ServeCommand.class, AccountCommand.class, CredentialCommand.class, DomainCommand.class,
        ApiKeyCommand.class, TotpCommand.class, QueueCommand.class, LimitsCommand.class, StatusCommand.class,
        DkimCommand.class,
        CheckCommand.class, LintCommand.class, SuppressionCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public final class Main {
  static final int EXIT_FAILED = 1;
  static final int EXIT_BAD_CONFIG = 2;

  // Inherited, so every subcommand, present and future, takes --config FILE in the same way.
  @Option(
      names = "--config",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = "the TOML configuration file (default: the embedded defaults)")
  Path configFile;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  /** The configuration named by {@code --config}, or the embedded defaults without one. */
  OutpostConfig config() throws ConfigException {
    return configFile == null ? OutpostConfig.defaults() : ConfigLoader.load(configFile);
  }
}
