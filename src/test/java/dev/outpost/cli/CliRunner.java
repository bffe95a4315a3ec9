package dev.outpost.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs {@code outpost} commands in-process against a config whose data directory is a temporary
 * one, and keeps what the last command printed.
 */
final class CliRunner {
  private final Path config;
  private String out = "";
  private String err = "";

  private CliRunner(Path config) {
    this.config = config;
  }

  /** Writes {@code dir/outpost.toml} with {@code data_dir = dir/data}. */
  static CliRunner forDirectory(Path dir) throws IOException {
    return new CliRunner(Files.writeString(dir.resolve("outpost.toml"),
        "[server]\ndata_dir = \"" + dir.resolve("data").toString().replace("\\", "/") + "\"\n"));
  }

  /** Runs {@code outpost ARGS --config FILE} and returns its exit code. */
  int run(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(o, true));
    cli.setErr(new PrintWriter(e, true));
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--config";
    all[args.length + 1] = config.toString();
    int code = cli.execute(all);
    out = o.toString();
    err = e.toString();
    return code;
  }

  String out() {
    return out;
  }

  String err() {
    return err;
  }

  List<String> lines() {
    return out.lines().toList();
  }

  Path config() {
    return config;
  }
}
