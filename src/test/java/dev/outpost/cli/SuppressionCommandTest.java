package dev.outpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.suppression.SuppressionCsv;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SuppressionCommandTest {
  @TempDir Path dir;
  private Path config;
  private StringWriter out;
  private StringWriter err;

  @BeforeEach
  void writeConfig() throws Exception {
    config = Files.writeString(dir.resolve("outpost.toml"),
        "[server]\ndata_dir = \"" + dir.resolve("data").toString().replace("\\", "/") + "\"\n");
    assertThat(run("account", "add", "acme")).isZero();
    assertThat(run("account", "add", "beta")).isZero();
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--config";
    all[args.length + 1] = config.toString();
    return cli.execute(all);
  }

  private List<String> lines() {
    return out.toString().lines().toList();
  }

  @Test
  void addListExportAndImportRoundTrip() throws Exception {
    assertThat(run("suppression", "add", "acme", "Reader@Example.test", "b@example.test", "--reason", "unsubscribe",
        "--detail", "clicked, twice")).isZero();
    assertThat(lines()).containsExactly("suppressed reader@example.test on the list of acme",
        "suppressed b@example.test on the list of acme");

    assertThat(run("suppression", "list", "acme")).isZero();
    assertThat(lines()).hasSize(2);
    assertThat(lines().getFirst()).startsWith("b@example.test  unsubscribe  since ").endsWith("  clicked, twice");

    assertThat(run("suppression", "export", "acme")).isZero();
    String csv = out.toString();
    assertThat(csv.lines().toList()).hasSize(3).first().isEqualTo(SuppressionCsv.HEADER);
    Path file = Files.writeString(dir.resolve("acme.csv"), csv);

    assertThat(run("suppression", "import", "beta", file.toString())).isZero();
    assertThat(lines()).containsExactly("imported 2 entries into the list of beta");
    assertThat(run("suppression", "export", "beta")).isZero();
    assertThat(out.toString()).isEqualTo(csv);

    assertThat(run("suppression", "remove", "beta", "b@example.test")).isZero();
    assertThat(run("suppression", "list", "beta")).isZero();
    assertThat(lines()).singleElement().asString().startsWith("reader@example.test  unsubscribe");
  }

  @Test
  void theGlobalListIsNamedWithAnOptionAndExpiryIsShown() {
    assertThat(run("suppression", "add", "--global", "gone@example.test", "--expires-in", "30d")).isZero();
    assertThat(lines()).containsExactly("suppressed gone@example.test on the list of global");

    assertThat(run("suppression", "list", "--global")).isZero();
    assertThat(lines()).singleElement().asString().startsWith("gone@example.test  manual  since ").contains("  until ");
    assertThat(run("suppression", "list", "acme")).isZero();
    assertThat(lines()).isEmpty();
  }

  @Test
  void mistakesAreUsageErrors() throws Exception {
    assertThat(run("suppression", "add", "nobody", "x@example.test")).isEqualTo(Main.EXIT_BAD_CONFIG);
    assertThat(err.toString()).contains("no such account: nobody");
    assertThat(run("suppression", "add", "acme", "x@example.test", "--reason", "spam")).isEqualTo(Main.EXIT_BAD_CONFIG);
    assertThat(err.toString()).contains("unknown suppression reason \"spam\"");
    assertThat(run("suppression", "list", "acme", "--global")).isEqualTo(Main.EXIT_BAD_CONFIG);
    Path bad = Files.writeString(dir.resolve("bad.csv"), "x@example.test,manual,,,\ny@example.test,spam,,,\n");
    assertThat(run("suppression", "import", "acme", bad.toString())).isEqualTo(Main.EXIT_BAD_CONFIG);
    assertThat(err.toString()).contains("record 2: unknown suppression reason");
    assertThat(run("suppression", "list", "acme")).isZero();
    assertThat(lines()).isEmpty();
  }
}
