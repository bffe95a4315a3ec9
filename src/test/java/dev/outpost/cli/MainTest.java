package dev.outpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void serveWithABadConfigReportsEveryProblemAndExits2(@TempDir Path dir) throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.toml"), """
        [[listener]]
        name = "submission"
        address = "127.0.0.1:2587"
        tls = "tsl"

        [smtp]
        max_recipients = 10
        """);

    assertThat(run("serve", "--config", bad.toString())).isEqualTo(2);

    assertThat(err.toString()).isEqualTo(bad + ":4: listener[1].tls: \"tsl\" is not one of none, starttls, implicit\n"
        + bad + ":7: smtp.max_recipients: must be at least 100 (RFC 5321 4.5.3.1.8), got 10\n"
        + "outpost: not started: 2 configuration problems\n");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void serveWithAMissingConfigFileExits2(@TempDir Path dir) {
    Path missing = dir.resolve("outpost.toml");

    assertThat(run("serve", "--config", missing.toString())).isEqualTo(2);

    assertThat(err.toString()).startsWith(missing + ": no such file\n");
  }

  @Test
  void theConfigOptionMayAlsoComeBeforeTheSubcommand(@TempDir Path dir) throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.toml"), "[spool]\nengine = \"mysql\"\n");

    assertThat(run("--config", bad.toString(), "serve")).isEqualTo(2);

    assertThat(err.toString()).startsWith(bad + ":2: spool.engine: \"mysql\" is not one of rocksdb, files\n");
  }

  @Test
  void versionPrintsTheVersionAndJava() {
    assertThat(run("version")).isZero();

    assertThat(out.toString()).matches("outpost \\d+\\.\\d+\\.\\d+\\S* \\(Java \\S+\\)\n");
  }

  @Test
  void everySubcommandTakesConfig(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("outpost.toml"), "");

    assertThat(run("version", "--config", config.toString())).isZero();
  }

  @Test
  void anUnknownSubcommandIsAUsageError() {
    assertThat(run("serv")).isEqualTo(2);

    assertThat(err.toString()).contains("Unmatched argument at index 0: 'serv'");
  }
}
