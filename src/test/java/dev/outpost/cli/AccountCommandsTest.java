package dev.outpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.accounts.ApiKeys;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.store.StateStore;
import dev.outpost.tracking.TrackingOptions;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountCommandsTest {
  @TempDir Path dir;
  private CliRunner cli;

  @BeforeEach
  void writeConfig() throws Exception {
    cli = CliRunner.forDirectory(dir);
  }

  private int runWithStdin(String stdin, String... args) {
    InputStream saved = System.in;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      return cli.run(args);
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void anAccountWithADomainAndALoginIsShownWithItsLimits() {
    assertThat(cli.run("account", "add", "acme", "--bounce-address", "bounces@acme.example", "--max-per-hour", "500",
        "--max-recipients", "50", "--max-size", "10MB")).isZero();
    assertThat(cli.run("domain", "add", "acme", "acme.example")).isZero();
    assertThat(runWithStdin("s3cret-password-here\n", "credential", "add", "acme", "--username", "app@acme.example",
        "--password-stdin")).isZero();
    assertThat(cli.out()).isEqualTo("added login app@acme.example to account acme\n");

    assertThat(cli.run("account", "show", "acme")).isZero();

    assertThat(cli.out()).isEqualTo("""
        account:        acme
        enabled:        yes
        locked:         no
        bounce address: bounces@acme.example
        unsubscribe:    on
        tracking:       open tracking off, click tracking off
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
  void theUnsubscribeHeadersAreOnUnlessTurnedOff() {
    assertThat(cli.run("account", "add", "quiet", "--no-list-unsubscribe")).isZero();
    assertThat(cli.run("account", "add", "loud")).isZero();
    try (StateStore store = SqliteStateStore.open(dir.resolve("data"))) {
      assertThat(store.findAccount("quiet").orElseThrow().listUnsubscribe()).isFalse();
      assertThat(store.findAccount("loud").orElseThrow().listUnsubscribe()).isTrue();
    }

    assertThat(cli.run("account", "set", "quiet", "--list-unsubscribe")).isZero();
    assertThat(cli.out()).isEqualTo("account quiet: list-unsubscribe on\n");
    assertThat(cli.run("account", "set", "loud", "--no-list-unsubscribe")).isZero();
    assertThat(cli.run("account", "show", "loud")).isZero();
    assertThat(cli.out()).contains("unsubscribe:    off\n");
    try (StateStore store = SqliteStateStore.open(dir.resolve("data"))) {
      assertThat(store.findAccount("quiet").orElseThrow().listUnsubscribe()).isTrue();
      assertThat(store.findAccount("loud").orElseThrow().listUnsubscribe()).isFalse();
    }

    assertThat(cli.run("account", "set", "loud")).isEqualTo(2);
    assertThat(cli.err()).contains("nothing to change");
    assertThat(cli.run("account", "set", "ghost", "--list-unsubscribe")).isEqualTo(2);
    assertThat(cli.err()).contains("no account named ghost");
  }

  @Test
  void oneSetChangesUnsubscribeAndTrackingTogether() {
    cli.run("account", "add", "acme");

    assertThat(cli.run("account", "set", "acme", "--no-list-unsubscribe", "--track-opens")).isZero();

    assertThat(cli.out()).isEqualTo("account acme: list-unsubscribe off\n"
        + "account acme: open tracking on, click tracking off\n");
  }

  @Test
  void trackingIsOffUntilSetAndEachFlagChangesOnItsOwn() {
    cli.run("account", "add", "acme");

    assertThat(cli.run("account", "set", "acme", "--track-clicks")).isZero();
    assertThat(cli.out()).isEqualTo("account acme: open tracking off, click tracking on\n");
    assertThat(cli.run("account", "set", "acme", "--track-opens")).isZero();
    assertThat(cli.out()).isEqualTo("account acme: open tracking on, click tracking on\n");
    assertThat(cli.run("account", "set", "acme", "--no-track-clicks")).isZero();
    assertThat(cli.out()).isEqualTo("account acme: open tracking on, click tracking off\n");
    assertThat(cli.run("account", "show", "acme")).isZero();
    assertThat(cli.out()).contains("tracking:       open tracking on, click tracking off\n");
    try (StateStore store = SqliteStateStore.open(dir.resolve("data"))) {
      assertThat(store.tracking("acme")).isEqualTo(new TrackingOptions(true, false));
    }

    assertThat(cli.run("account", "set", "acme")).isEqualTo(2);
    assertThat(cli.err()).contains(
        "nothing to change: give --[no-]list-unsubscribe, --[no-]track-opens or --[no-]track-clicks");
    assertThat(cli.run("account", "set", "ghost", "--track-opens")).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("outpost: no account named ghost\n");
  }

  @Test
  void apikeyAddPrintsTheKeyAloneOnTheLastLine() {
    cli.run("account", "add", "acme");

    assertThat(cli.run("apikey", "add", "acme", "--admin")).isZero();

    String key = cli.lines().getLast();
    assertThat(key).matches("op_live_[A-Za-z0-9_-]{43}");
    try (StateStore store = SqliteStateStore.open(dir.resolve("data"))) {
      assertThat(store.findApiKey(ApiKeys.hash(key))).hasValueSatisfying(k -> assertThat(k.account()).isEqualTo("acme"));
    }
    assertThat(cli.run("apikey", "list", "acme")).isZero();
    assertThat(cli.out()).startsWith(key.substring(0, 14) + "...  admin  issued ").doesNotContain(key);
  }

  @Test
  void credentialAddWithoutStdinGeneratesAPasswordShownOnce() {
    cli.run("account", "add", "acme");

    assertThat(cli.run("credential", "add", "acme", "--username", "app")).isZero();

    assertThat(cli.lines().getLast()).matches("[A-Za-z2-9]{24}");
    assertThat(cli.run("credential", "list", "acme")).isZero();
    assertThat(cli.out()).startsWith("app  added ");
  }

  @Test
  void anUnknownAccountExits2AndSaysSo() {
    assertThat(cli.run("domain", "add", "ghost", "ghost.example")).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("outpost: no account named ghost\n");

    assertThat(cli.run("account", "show", "ghost")).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("outpost: no account named ghost\n");
  }

  @Test
  void aTakenNameOrDomainExits2() {
    cli.run("account", "add", "acme");
    cli.run("account", "add", "other");
    cli.run("domain", "add", "acme", "acme.example");

    assertThat(cli.run("account", "add", "acme")).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("outpost: an account named acme exists already\n");
    assertThat(cli.run("domain", "add", "other", "ACME.example")).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("outpost: the domain acme.example belongs to acme already\n");
    assertThat(cli.run("account", "add", "bad", "--max-size", "lots")).isEqualTo(2);
    assertThat(cli.err()).startsWith("outpost: \"lots\" is not a size");
  }

  @Test
  void accountsAreListedDisabledEnabledAndDeleted() {
    cli.run("account", "add", "acme");
    cli.run("account", "add", "zeta");

    assertThat(cli.run("account", "disable", "zeta")).isZero();
    assertThat(cli.run("account", "list")).isZero();
    assertThat(cli.out()).isEqualTo("acme\nzeta (disabled)\n");

    assertThat(cli.run("account", "enable", "zeta")).isZero();
    assertThat(cli.run("account", "delete", "acme")).isZero();
    assertThat(cli.run("account", "list")).isZero();
    assertThat(cli.out()).isEqualTo("zeta\n");
    assertThat(cli.run("account", "delete", "acme")).isEqualTo(2);
  }

  @Test
  void domainsAndCredentialsAreRemoved() {
    cli.run("account", "add", "acme");
    cli.run("domain", "add", "acme", "acme.example", "--include-subdomains");
    runWithStdin("another-long-password", "credential", "add", "acme", "--username", "app", "--password-stdin");

    assertThat(cli.run("domain", "list", "acme")).isZero();
    assertThat(cli.out()).isEqualTo("acme.example  (and subdomains)\n");
    assertThat(cli.run("domain", "remove", "acme", "acme.example")).isZero();
    assertThat(cli.run("domain", "remove", "acme", "acme.example")).isEqualTo(2);
    assertThat(cli.run("credential", "remove", "app")).isZero();
    assertThat(cli.run("credential", "remove", "app")).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("outpost: no credential with the username app\n");
  }

  @Test
  void totpEnrollPrintsTheUriAndTenRecoveryCodes() {
    cli.run("account", "add", "acme");

    assertThat(cli.run("totp", "enroll", "acme")).isZero();

    assertThat(cli.lines()).hasSize(13);
    assertThat(cli.lines().get(1)).startsWith("otpauth://totp/Outpost:acme?secret=");
    assertThat(cli.lines().subList(3, 13)).allMatch(c -> c.matches("[a-z2-7]{4}(-[a-z2-7]{4}){3}"));
  }

  @Test
  void aShortPasswordIsRefused() {
    cli.run("account", "add", "acme");

    assertThat(runWithStdin("short\n", "credential", "add", "acme", "--username", "app", "--password-stdin"))
        .isEqualTo(2);
    assertThat(cli.err()).isEqualTo("outpost: a password has at least 12 characters\n");
  }
}
