package dev.outpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.suppression.SuppressionCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuppressionCommandTest {
  @TempDir Path dir;
  private CliRunner cli;

  @BeforeEach
  void writeConfig() throws Exception {
    cli = CliRunner.forDirectory(dir);
    assertThat(cli.run("account", "add", "acme")).isZero();
    assertThat(cli.run("account", "add", "beta")).isZero();
  }

  @Test
  void addListExportAndImportRoundTrip() throws Exception {
    assertThat(cli.run("suppression", "add", "acme", "Reader@Example.test", "b@example.test", "--reason", "unsubscribe",
        "--detail", "clicked, twice")).isZero();
    assertThat(cli.lines()).containsExactly("suppressed reader@example.test on the list of acme",
        "suppressed b@example.test on the list of acme");

    assertThat(cli.run("suppression", "list", "acme")).isZero();
    assertThat(cli.lines()).hasSize(2);
    assertThat(cli.lines().getFirst()).startsWith("b@example.test  unsubscribe  since ").endsWith("  clicked, twice");

    assertThat(cli.run("suppression", "export", "acme")).isZero();
    String csv = cli.out();
    assertThat(csv.lines().toList()).hasSize(3).first().isEqualTo(SuppressionCsv.HEADER);
    Path file = Files.writeString(dir.resolve("acme.csv"), csv);

    assertThat(cli.run("suppression", "import", "beta", file.toString())).isZero();
    assertThat(cli.lines()).containsExactly("imported 2 entries into the list of beta");
    assertThat(cli.run("suppression", "export", "beta")).isZero();
    assertThat(cli.out()).isEqualTo(csv);

    assertThat(cli.run("suppression", "remove", "beta", "b@example.test")).isZero();
    assertThat(cli.run("suppression", "list", "beta")).isZero();
    assertThat(cli.lines()).singleElement().asString().startsWith("reader@example.test  unsubscribe");
  }

  @Test
  void theGlobalListIsNamedWithAnOptionAndExpiryIsShown() {
    assertThat(cli.run("suppression", "add", "--global", "gone@example.test", "--expires-in", "30d")).isZero();
    assertThat(cli.lines()).containsExactly("suppressed gone@example.test on the list of global");

    assertThat(cli.run("suppression", "list", "--global")).isZero();
    assertThat(cli.lines()).singleElement().asString().startsWith("gone@example.test  manual  since ").contains("  until ");
    assertThat(cli.run("suppression", "list", "acme")).isZero();
    assertThat(cli.lines()).isEmpty();
  }

  @Test
  void mistakesAreUsageErrors() throws Exception {
    assertThat(cli.run("suppression", "add", "nobody", "x@example.test")).isEqualTo(Main.EXIT_BAD_CONFIG);
    assertThat(cli.err()).contains("no such account: nobody");
    assertThat(cli.run("suppression", "add", "acme", "x@example.test", "--reason", "spam")).isEqualTo(Main.EXIT_BAD_CONFIG);
    assertThat(cli.err()).contains("unknown suppression reason \"spam\"");
    assertThat(cli.run("suppression", "list", "acme", "--global")).isEqualTo(Main.EXIT_BAD_CONFIG);
    Path bad = Files.writeString(dir.resolve("bad.csv"), "x@example.test,manual,,,\ny@example.test,spam,,,\n");
    assertThat(cli.run("suppression", "import", "acme", bad.toString())).isEqualTo(Main.EXIT_BAD_CONFIG);
    assertThat(cli.err()).contains("record 2: unknown suppression reason");
    assertThat(cli.run("suppression", "list", "acme")).isZero();
    assertThat(cli.lines()).isEmpty();
  }
}
