package dev.outpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.testkit.DnsTestServer;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code outpost check domain|blocklists} and {@code outpost lint} against a local DNS. */
class ReputationCommandsTest {
  @TempDir Path dir;
  private DnsTestServer dns;
  private Path config;
  private StringWriter out;
  private KeyPair key;

  @BeforeEach
  void setUp() throws Exception {
    dns = DnsTestServer.start();
    Path data = dir.resolve("data");
    config = Files.writeString(dir.resolve("outpost.toml"), """
        [server]
        hostname = "mta.example.test"
        data_dir = "%s"
        [dns]
        resolvers = ["%s"]
        timeout = "2s"
        attempts = 1
        [reputation]
        sending_ips = ["127.0.0.2"]
        dnsbl_zones = ["zen.test"]
        domain_zones = []
        uribl_zones = ["uribl.test"]
        """.formatted(data.toString().replace("\\", "/"), dns.hostPort()));
    key = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    Path keys = Files.createDirectories(data.resolve("dkim/example.test"));
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
      w.writeObject(key.getPrivate());
    }
    Files.writeString(keys.resolve("s1.key"), pem.toString());
    dns.txt("example.test", "v=spf1 ip4:127.0.0.0/8 -all")
        .txt("s1._domainkey.example.test", "v=DKIM1; k=rsa; p="
            + Base64.getEncoder().encodeToString(key.getPublic().getEncoded()))
        .txt("_dmarc.example.test", "v=DMARC1; p=quarantine")
        .mx("example.test", 10, "mta.example.test").a("mta.example.test", "127.0.0.2")
        .txt("_mta-sts.example.test", "v=STSv1; id=1")
        .txt("_smtp._tls.example.test", "v=TLSRPTv1; rua=mailto:tls@example.test")
        .ptr("127.0.0.2", "mta.example.test");
  }

  @AfterEach
  void tearDown() {
    dns.close();
  }

  private int run(String... args) {
    out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--config";
    all[args.length + 1] = config.toString();
    return cli.execute(all);
  }

  @Test
  void checkDomainPassesAWellSetUpDomainAndFailsWithTheRecordToFix() {
    assertThat(run("check", "domain", "example.test")).isZero();
    assertThat(out.toString()).contains("PASS  DKIM s1: the rsa key at s1._domainkey.example.test matches",
        "PASS  PTR 127.0.0.2:", "no check failed");

    dns.remove("s1._domainkey.example.test");
    assertThat(run("check", "domain", "example.test")).isEqualTo(Main.EXIT_FAILED);
    assertThat(out.toString()).contains("FAIL  DKIM s1: no DKIM key record",
        "      fix: s1._domainkey.example.test. IN TXT \"v=DKIM1; k=rsa; p=");
  }

  @Test
  void checkDomainTakesTheReturnPathFromTheOwningAccountsBounceAddress() {
    assertThat(run("account", "add", "acme", "--bounce-address", "bounces@esp.test")).isZero();
    assertThat(run("domain", "add", "acme", "example.test")).isZero();

    assertThat(run("check", "domain", "example.test")).isEqualTo(Main.EXIT_FAILED);
    assertThat(out.toString()).contains("Return-Path domain esp.test", "FAIL  DMARC alignment");
  }

  @Test
  void checkBlocklistsShowsListingsAndTheirHistory() {
    dns.a("2.0.0.127.zen.test", "127.0.0.2").txt("2.0.0.127.zen.test", "test entry");

    assertThat(run("check", "blocklists")).isEqualTo(Main.EXIT_FAILED);
    assertThat(out.toString()).contains("LISTED  127.0.0.2 on zen.test: 127.0.0.2: test entry",
        "history (newest first):", "listed   127.0.0.2 on zen.test");

    dns.remove("2.0.0.127.zen.test");
    assertThat(run("check", "blocklists")).isZero();
    assertThat(out.toString()).contains("ok      127.0.0.2 on zen.test", "delisted 127.0.0.2 on zen.test");
  }

  @Test
  void lintPrintsScoredFindingsAndATotal() throws Exception {
    Path eml = dir.resolve("spammy.eml");
    try (InputStream in = getClass().getResourceAsStream("/dev/outpost/reputation/spammy.eml")) {
      Files.copy(in, eml);
    }

    assertThat(run("lint", eml.toString())).isEqualTo(Main.EXIT_FAILED);
    assertThat(out.toString()).contains("  2.0  no-list-unsubscribe", "url-shortener", "total: ");
    assertThat(run("lint", dir.resolve("missing.eml").toString())).isEqualTo(Main.EXIT_FAILED);
    assertThat(out.toString()).contains("no such file");
  }
}
