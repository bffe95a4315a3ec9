package dev.outpost.cli;

import dev.outpost.config.ConfigException;
import dev.outpost.config.OutpostConfig;
import dev.outpost.reputation.BlocklistLookup;
import dev.outpost.reputation.ContentLinter;
import dev.outpost.reputation.LintFinding;
import dev.outpost.reputation.LintReport;
import dev.outpost.reputation.ReputationDns;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code outpost lint FILE.eml}: the content checks of one message, each finding with its score,
 * and the total. Exit 0 below {@link LintReport#SPAM_THRESHOLD}, 1 at or above it (or when the
 * file cannot be read), 2 for a bad configuration.
 */
@Command(name = "lint", description = "Check a message (RFC 5322 file) for what spam filters hold against it.")
final class LintCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE.eml", description = "the message, headers and body as sent")
  Path file;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OutpostConfig config;
    try {
      config = main.config();
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.flush();
      return Main.EXIT_BAD_CONFIG;
    }
    ContentLinter linter = new ContentLinter(new BlocklistLookup(new ReputationDns(config.dns())),
        config.reputation().uriblZones());
    LintReport report;
    try (InputStream in = Files.newInputStream(file)) {
      report = linter.lint(in);
    } catch (NoSuchFileException e) {
      err.println("outpost: no such file: " + file);
      err.flush();
      return Main.EXIT_FAILED;
    } catch (IOException e) {
      err.println("outpost: cannot read " + file + ": " + e.getMessage());
      err.flush();
      return Main.EXIT_FAILED;
    }
    for (LintFinding f : report.findings()) {
      out.println(String.format(Locale.ROOT, "%5.1f  %-26s %s", f.score(), f.rule(), f.explanation()));
    }
    out.println(String.format(Locale.ROOT, "total: %.1f (%s)", report.total(), report.spammy()
        ? "at or above " + LintReport.SPAM_THRESHOLD + ": likely to be filtered as spam"
        : "below " + LintReport.SPAM_THRESHOLD));
    out.flush();
    return report.spammy() ? Main.EXIT_FAILED : 0;
  }
}
