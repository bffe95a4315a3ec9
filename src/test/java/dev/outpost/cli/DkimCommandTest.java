package dev.outpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DkimCommandTest {
  @TempDir Path dir;
  private Path config;
  private StringWriter out;
  private StringWriter err;

  @BeforeEach
  void writeConfig() throws Exception {
    config = Files.writeString(dir.resolve("outpost.toml"),
        "[server]\ndata_dir = \"" + dir.resolve("data").toString().replace("\\", "/") + "\"\n");
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
  void generatePrintsTheRecordToPublishOnItsLastLine() {
    assertThat(run("dkim", "generate", "shop.example", "--selector", "s1")).isZero();

    assertThat(lines().get(0)).isEqualTo("generated rsa key s1 for shop.example; it signs from now on");
    assertThat(lines().get(lines().size() - 1))
        .matches("s1\\._domainkey\\.shop\\.example\\. IN TXT \"v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]+\" \"[A-Za-z0-9+/=]+\"");
    assertThat(Files.exists(dir.resolve("data/dkim/shop.example/s1.key"))).isTrue();
  }

  @Test
  void rotationThroughTheCommandLine() {
    assertThat(run("dkim", "generate", "shop.example", "--selector", "old")).isZero();
    assertThat(run("dkim", "generate", "shop.example", "--selector", "ed", "--algorithm", "ed25519")).isZero();
    assertThat(lines().get(lines().size() - 1)).matches("ed\\._domainkey\\.shop\\.example\\. IN TXT "
        + "\"v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=\"");
    assertThat(run("dkim", "generate", "shop.example", "--selector", "new", "--bits", "1024")).isZero();
    assertThat(lines().get(0)).isEqualTo("generated rsa key new for shop.example; publish the record, then:"
        + " outpost dkim activate shop.example --selector new");

    assertThat(run("dkim", "activate", "shop.example", "--selector", "new")).isZero();
    assertThat(out.toString()).isEqualTo("shop.example signs rsa with selector new\n");
    assertThat(run("dkim", "remove", "shop.example", "--selector", "new")).isEqualTo(2);
    assertThat(err.toString()).contains("activate another selector first");
    assertThat(run("dkim", "remove", "shop.example", "--selector", "old")).isZero();

    assertThat(run("dkim", "list")).isZero();
    assertThat(lines()).extracting(String::strip).containsExactly(
        "shop.example                   ed                   ed25519  active",
        "shop.example                   new                  rsa      active");
  }

  @Test
  void unknownSelectorsAndAlgorithmsAreUsageErrors() {
    assertThat(run("dkim", "activate", "shop.example", "--selector", "nope")).isEqualTo(2);
    assertThat(err.toString()).contains("no DKIM key with selector nope for shop.example");
    assertThat(run("dkim", "generate", "shop.example", "--selector", "s1", "--algorithm", "dsa")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown DKIM algorithm");
  }
}
