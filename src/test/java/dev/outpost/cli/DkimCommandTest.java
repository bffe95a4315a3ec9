package dev.outpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DkimCommandTest {
  @TempDir Path dir;
  private CliRunner cli;

  @BeforeEach
  void writeConfig() throws Exception {
    cli = CliRunner.forDirectory(dir);
  }

  @Test
  void generatePrintsTheRecordToPublishOnItsLastLine() {
    assertThat(cli.run("dkim", "generate", "shop.example", "--selector", "s1")).isZero();

    assertThat(cli.lines().get(0)).isEqualTo("generated rsa key s1 for shop.example; it signs from now on");
    assertThat(cli.lines().get(cli.lines().size() - 1))
        .matches("s1\\._domainkey\\.shop\\.example\\. IN TXT \"v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]+\" \"[A-Za-z0-9+/=]+\"");
    assertThat(Files.exists(dir.resolve("data/dkim/shop.example/s1.key"))).isTrue();
  }

  @Test
  void rotationThroughTheCommandLine() {
    assertThat(cli.run("dkim", "generate", "shop.example", "--selector", "old")).isZero();
    assertThat(cli.run("dkim", "generate", "shop.example", "--selector", "ed", "--algorithm", "ed25519")).isZero();
    assertThat(cli.lines().get(cli.lines().size() - 1)).matches("ed\\._domainkey\\.shop\\.example\\. IN TXT "
        + "\"v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=\"");
    assertThat(cli.run("dkim", "generate", "shop.example", "--selector", "new", "--bits", "1024")).isZero();
    assertThat(cli.lines().get(0)).isEqualTo("generated rsa key new for shop.example; publish the record, then:"
        + " outpost dkim activate shop.example --selector new");

    assertThat(cli.run("dkim", "activate", "shop.example", "--selector", "new")).isZero();
    assertThat(cli.out()).isEqualTo("shop.example signs rsa with selector new\n");
    assertThat(cli.run("dkim", "remove", "shop.example", "--selector", "new")).isEqualTo(2);
    assertThat(cli.err()).contains("activate another selector first");
    assertThat(cli.run("dkim", "remove", "shop.example", "--selector", "old")).isZero();

    assertThat(cli.run("dkim", "list")).isZero();
    assertThat(cli.lines()).extracting(String::strip).containsExactly(
        "shop.example                   ed                   ed25519  active",
        "shop.example                   new                  rsa      active");
  }

  @Test
  void unknownSelectorsAndAlgorithmsAreUsageErrors() {
    assertThat(cli.run("dkim", "activate", "shop.example", "--selector", "nope")).isEqualTo(2);
    assertThat(cli.err()).contains("no DKIM key with selector nope for shop.example");
    assertThat(cli.run("dkim", "generate", "shop.example", "--selector", "s1", "--algorithm", "dsa")).isEqualTo(2);
    assertThat(cli.err()).contains("unknown DKIM algorithm");
  }
}
