package dev.outpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.accounts.ApiKeys;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.store.StateStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AccountCommandsTest {
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

  private int runWithStdin(String stdin, String... args) {
    InputStream saved = System.in;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      return run(args);
    } finally {
      System.setIn(saved);
    }
  }

  private List<String> lines() {
    return out.toString().lines().toList();
  }

  @Test
  void anAccountWithADomainAndALoginIsShownWithItsLimits() {
    assertThat(run("account", "add", "acme", "--bounce-address", "bounces@acme.example", "--max-per-hour", "500",
        "--max-recipients", "50", "--max-size", "10MB")).isZero();
    assertThat(run("domain", "add", "acme", "acme.example")).isZero();
    assertThat(runWithStdin("s3cret-password-here\n", "credential", "add", "acme", "--username", "app@acme.example",
        "--password-stdin")).isZero();
    assertThat(out.toString()).isEqualTo("added login app@acme.example to account acme\n");

    assertThat(run("account", "show", "acme")).isZero();

    assertThat(out.toString()).isEqualTo("""
        account:        acme
        enabled:        yes
        locked:         no
        bounce address: bounces@acme.example
        limits (used / max, UTC windows):
          messages per hour:      0 / 500
          messages per day:       0 / unlimited
          messages per month:     0 / unlimited
          recipients per message: 50
          message size:           10000000
        domains:        acme.example
        credentials:    app@acme.example
        """);
    try (StateStore store = SqliteStateStore.open(dir.resolve("data"))) {
      String hash = store.findLogin("app@acme.example").orElseThrow().credential().passwordHash();
      assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("s3cret");
    }
  }

  @Test
  void apikeyAddPrintsTheKeyAloneOnTheLastLine() {
    run("account", "add", "acme");

    assertThat(run("apikey", "add", "acme", "--admin")).isZero();

    String key = lines().getLast();
    assertThat(key).matches("op_live_[A-Za-z0-9_-]{43}");
    try (StateStore store = SqliteStateStore.open(dir.resolve("data"))) {
      assertThat(store.findApiKey(ApiKeys.hash(key))).hasValueSatisfying(k -> assertThat(k.account()).isEqualTo("acme"));
    }
    assertThat(run("apikey", "list", "acme")).isZero();
    assertThat(out.toString()).startsWith(key.substring(0, 14) + "...  admin  issued ").doesNotContain(key);
  }

  @Test
  void credentialAddWithoutStdinGeneratesAPasswordShownOnce() {
    run("account", "add", "acme");

    assertThat(run("credential", "add", "acme", "--username", "app")).isZero();

    assertThat(lines().getLast()).matches("[A-Za-z2-9]{24}");
    assertThat(run("credential", "list", "acme")).isZero();
    assertThat(out.toString()).startsWith("app  added ");
  }

  @Test
  void anUnknownAccountExits2AndSaysSo() {
    assertThat(run("domain", "add", "ghost", "ghost.example")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("outpost: no account named ghost\n");

    assertThat(run("account", "show", "ghost")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("outpost: no account named ghost\n");
  }

  @Test
  void aTakenNameOrDomainExits2() {
    run("account", "add", "acme");
    run("account", "add", "other");
    run("domain", "add", "acme", "acme.example");

    assertThat(run("account", "add", "acme")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("outpost: an account named acme exists already\n");
    assertThat(run("domain", "add", "other", "ACME.example")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("outpost: the domain acme.example belongs to acme already\n");
    assertThat(run("account", "add", "bad", "--max-size", "lots")).isEqualTo(2);
    assertThat(err.toString()).startsWith("outpost: \"lots\" is not a size");
  }

  @Test
  void accountsAreListedDisabledEnabledAndDeleted() {
    run("account", "add", "acme");
    run("account", "add", "zeta");

    assertThat(run("account", "disable", "zeta")).isZero();
    assertThat(run("account", "list")).isZero();
    assertThat(out.toString()).isEqualTo("acme\nzeta (disabled)\n");

    assertThat(run("account", "enable", "zeta")).isZero();
    assertThat(run("account", "delete", "acme")).isZero();
    assertThat(run("account", "list")).isZero();
    assertThat(out.toString()).isEqualTo("zeta\n");
    assertThat(run("account", "delete", "acme")).isEqualTo(2);
  }

  @Test
  void domainsAndCredentialsAreRemoved() {
    run("account", "add", "acme");
    run("domain", "add", "acme", "acme.example", "--include-subdomains");
    runWithStdin("another-long-password", "credential", "add", "acme", "--username", "app", "--password-stdin");

    assertThat(run("domain", "list", "acme")).isZero();
    assertThat(out.toString()).isEqualTo("acme.example  (and subdomains)\n");
    assertThat(run("domain", "remove", "acme", "acme.example")).isZero();
    assertThat(run("domain", "remove", "acme", "acme.example")).isEqualTo(2);
    assertThat(run("credential", "remove", "app")).isZero();
    assertThat(run("credential", "remove", "app")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("outpost: no credential with the username app\n");
  }

  @Test
  void totpEnrollPrintsTheUriAndTenRecoveryCodes() {
    run("account", "add", "acme");

    assertThat(run("totp", "enroll", "acme")).isZero();

    assertThat(lines()).hasSize(13);
    assertThat(lines().get(1)).startsWith("otpauth://totp/Outpost:acme?secret=");
    assertThat(lines().subList(3, 13)).allMatch(c -> c.matches("[a-z2-7]{4}(-[a-z2-7]{4}){3}"));
  }

  @Test
  void aShortPasswordIsRefused() {
    run("account", "add", "acme");

    assertThat(runWithStdin("short\n", "credential", "add", "acme", "--username", "app", "--password-stdin"))
        .isEqualTo(2);
    assertThat(err.toString()).isEqualTo("outpost: a password has at least 12 characters\n");
  }
}
