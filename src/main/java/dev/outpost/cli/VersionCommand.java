package dev.outpost.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code outpost version}: the Outpost version and the Java runtime it runs on. */
@Command(name = "version", description = "Print the version of Outpost and of Java.")
final class VersionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(OutpostVersion.line());
    return 0;
  }
}
