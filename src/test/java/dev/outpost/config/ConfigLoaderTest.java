package dev.outpost.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  void anEmptyFileGivesTheDefaults() throws ConfigException {
    assertThat(ConfigLoader.parse("", "outpost.toml")).isEqualTo(OutpostConfig.defaults());
    assertThat(ConfigLoader.parse("# nothing but a comment\n", "outpost.toml")).isEqualTo(OutpostConfig.defaults());
  }

  @Test
  void theExampleOfTheDesignLoads() throws Exception {
    Path file = Path.of(getClass().getResource("design-example.toml").toURI());
    OutpostConfig c = ConfigLoader.load(file);

    assertThat(c.server().hostname()).isEqualTo("mta.example.com");
    assertThat(c.server().dataDir()).isEqualTo(Path.of("/var/lib/outpost"));
    assertThat(c.listeners()).containsExactly(
        new ListenerConfig("submission", HostPort.parse("127.0.0.1:2587"), TlsMode.STARTTLS, AuthMode.REQUIRED));
    assertThat(c.relay().trustedNetworks()).containsExactly(CidrRange.parse("127.0.0.0/8"));
    assertThat(c.routes()).containsExactly(new RouteConfig(List.of("*"), "127.0.0.1", 2526));
    assertThat(c.dns().resolvers()).containsExactly(HostPort.parse("127.0.0.1:5353"));
    assertThat(c.dns().timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.dns().attempts()).isEqualTo(2);
    assertThat(c.delivery().port()).isEqualTo(25);
    assertThat(c.http().address()).isEqualTo(HostPort.parse("127.0.0.1:8025"));
    assertThat(c.smtp()).isEqualTo(SmtpConfig.defaults());
  }

  @Test
  void everyKeyReachesItsRecord(@TempDir Path dir) throws Exception {
    Path cert = Files.writeString(dir.resolve("mta.crt"), "cert");
    Path key = Files.writeString(dir.resolve("mta.key"), "key");
    OutpostConfig c = ConfigLoader.parse("""
        [server]
        hostname = "MTA.example.com"
        data_dir = "data"
        max_connections = 500
        max_connections_per_ip = 20
        shutdown_grace = "1m30s"

        [[listener]]
        name = "local"
        address = "127.0.0.1:0"

        [[listener]]
        name = "smtps"
        address = "[::1]:465"
        tls = "implicit"
        auth = "required"

        [smtp]
        max_message_size = "10MiB"
        max_recipients = 100
        command_timeout = "2m"
        data_timeout = "30s"
        max_errors = 5
        greet_pause = "2s"

        [tls]
        certificate = "%s"
        key = "%s"

        [relay]
        trusted_networks = ["10.0.0.0/8", "::1"]
        local_domains = ["Example.org"]

        [[route]]
        domains = ["example.net", "*.example.net"]
        host = "smarthost.example.com"

        [dns]
        resolvers = ["[2001:db8::53]:53"]
        timeout = "1500ms"
        attempts = 3

        [delivery]
        port = 2526
        retry_schedule = ["1m", "1h"]
        max_age = "2d"
        connections_per_destination = 4
        messages_per_connection = 10
        recipients_per_transaction = 50
        connect_timeout = "5s"
        greeting_timeout = "6s"
        command_timeout = "7s"
        data_timeout = "8s"
        final_reply_timeout = "9s"
        idle_timeout = "250ms"
        delay_warning = "2h"

        [spool]
        engine = "files"

        [http]
        address = "0.0.0.0:8080"
        """.formatted(cert, key), "outpost.toml");

    assertThat(c.server()).isEqualTo(new ServerConfig("mta.example.com", Path.of("data"), 500, 20,
        Duration.ofSeconds(90)));
    assertThat(c.listeners()).containsExactly(
        new ListenerConfig("local", new HostPort("127.0.0.1", 0), TlsMode.NONE, AuthMode.NONE),
        new ListenerConfig("smtps", new HostPort("::1", 465), TlsMode.IMPLICIT, AuthMode.REQUIRED));
    assertThat(c.smtp()).isEqualTo(new SmtpConfig(10L * 1024 * 1024, 100, Duration.ofMinutes(2),
        Duration.ofSeconds(30), 5, Duration.ofSeconds(2)));
    assertThat(c.tls()).isEqualTo(new TlsConfig(cert, key));
    assertThat(c.relay()).isEqualTo(new RelayConfig(
        List.of(CidrRange.parse("10.0.0.0/8"), CidrRange.parse("::1/128")), List.of("example.org")));
    assertThat(c.routes()).containsExactly(
        new RouteConfig(List.of("example.net", "*.example.net"), "smarthost.example.com", 25));
    assertThat(c.dns()).isEqualTo(new DnsConfig(List.of(new HostPort("2001:db8::53", 53)), Duration.ofMillis(1500), 3));
    assertThat(c.delivery()).isEqualTo(new DeliveryConfig(2526, List.of(Duration.ofMinutes(1), Duration.ofHours(1)),
        Duration.ofDays(2), 4, 10, 50, Duration.ofSeconds(5), Duration.ofSeconds(6), Duration.ofSeconds(7),
        Duration.ofSeconds(8), Duration.ofSeconds(9), Duration.ofMillis(250), Duration.ofHours(2)));
    assertThat(c.spool().engine()).isEqualTo(SpoolConfig.SpoolEngine.FILES);
    assertThat(c.http().address()).isEqualTo(HostPort.parse("0.0.0.0:8080"));
  }

  @Test
  void theReputationSectionReadsAddressesZonesAndTheInterval() throws Exception {
    OutpostConfig c = ConfigLoader.parse("""
        [reputation]
        sending_ips = ["192.0.2.10", "2001:db8::25"]
        dnsbl_zones = ["zen.spamhaus.org"]
        domain_zones = []
        uribl_zones = ["multi.surbl.org"]
        check_interval = "1h"
        take_listed_ips_out_of_pool = true
        content_check = "reject"
        spamd = "127.0.0.1:783"
        """, "outpost.toml");

    assertThat(c.reputation()).isEqualTo(new ReputationConfig(
        List.of(InetAddress.getByName("192.0.2.10"), InetAddress.getByName("2001:db8::25")),
        List.of("zen.spamhaus.org"), List.of(), List.of("multi.surbl.org"), Duration.ofHours(1), true,
        ReputationConfig.ContentCheck.REJECT, HostPort.parse("127.0.0.1:783")));
    assertThat(OutpostConfig.defaults().reputation().dnsblZones()).containsExactly("zen.spamhaus.org", "bl.spamcop.net");
  }

  @Test
  void theSuppressionSectionReadsWhetherToRefuseAndTheCacheTime() throws Exception {
    OutpostConfig c = ConfigLoader.parse("""
        [suppression]
        enabled = false
        cache_ttl = "5m"
        complaints_address = "FBL@outpost.example"
        action = "drop"
        """, "outpost.toml");

    assertThat(c.suppression()).isEqualTo(new SuppressionConfig(false, Duration.ofMinutes(5), "fbl@outpost.example",
        SuppressionConfig.Action.DROP));
    assertThat(OutpostConfig.defaults().suppression())
        .isEqualTo(new SuppressionConfig(true, Duration.ofSeconds(30), null, SuppressionConfig.Action.REFUSE));
  }

  @Test
  void theEventsSectionReadsWhetherToRecordAndTheRetention() throws Exception {
    OutpostConfig c = ConfigLoader.parse("""
        [events]
        enabled = false
        retention = "90d"
        """, "outpost.toml");

    assertThat(c.events()).isEqualTo(new EventsConfig(false, Duration.ofDays(90)));
    assertThat(OutpostConfig.defaults().events()).isEqualTo(new EventsConfig(true, Duration.ofDays(30)));
  }

  @Test
  void theWebhooksSectionReadsBackoffAgeBatchAndTimeout() throws Exception {
    OutpostConfig c = ConfigLoader.parse("""
        [webhooks]
        backoff_min = "30s"
        backoff_max = "2h"
        max_age = "3d"
        batch_size = 500
        timeout = "20s"
        """, "outpost.toml");

    assertThat(c.webhooks()).isEqualTo(new WebhooksConfig(Duration.ofSeconds(30), Duration.ofHours(2),
        Duration.ofDays(3), 500, Duration.ofSeconds(20)));
    assertThat(OutpostConfig.defaults().webhooks()).isEqualTo(new WebhooksConfig(Duration.ofSeconds(10),
        Duration.ofHours(1), Duration.ofHours(24), 100, Duration.ofSeconds(10)));
  }

  @Test
  void sizesAreBytesOrNumbersWithUnits() throws ConfigException {
    assertThat(maxMessageSize("1234")).isEqualTo(1234);
    assertThat(maxMessageSize("\"50MB\"")).isEqualTo(50_000_000);
    assertThat(maxMessageSize("\"50 mb\"")).isEqualTo(50_000_000);
    assertThat(maxMessageSize("\"10MiB\"")).isEqualTo(10 * 1024 * 1024);
    assertThat(maxMessageSize("\"1GiB\"")).isEqualTo(1024L * 1024 * 1024);
    assertThat(maxMessageSize("\"512KB\"")).isEqualTo(512_000);
  }

  private static long maxMessageSize(String value) throws ConfigException {
    return ConfigLoader.parse("[smtp]\nmax_message_size = " + value + "\n", "t.toml").smtp().maxMessageSize();
  }

  @Test
  void everyProblemIsReportedInTheOrderOfTheFile() {
    assertThatThrownBy(() -> ConfigLoader.parse("""
        [[listener]]
        name = "a"
        address = "127.0.0.1:25"
        tls = "tsl"

        [smtp]
        max_recipients = 10

        [server]
        shutdown_grace = "soon"
        """, "outpost.toml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("""
            outpost.toml:4: listener[1].tls: "tsl" is not one of none, starttls, implicit
            outpost.toml:7: smtp.max_recipients: must be at least 100 (RFC 5321 4.5.3.1.8), got 10
            outpost.toml:10: server.shutdown_grace: "soon" is not a duration; write a number and a unit \
            (ms, s, m, h, d), e.g. "30s" or "5m\"""")
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(3));
  }

  @Test
  void loadNamesTheFile(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("outpost.toml"), "[spool]\nengine = \"mysql\"\n");
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .hasMessage(file + ":2: spool.engine: \"mysql\" is not one of rocksdb, files");
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.toml")))
        .hasMessage(dir.resolve("missing.toml") + ": no such file");
  }

  @Test
  void bounceRulesAreReadWhenTheConfigIsLoaded(@TempDir Path dir) throws Exception {
    Path rules = Files.writeString(dir.resolve("extra.toml"), "[[rule]]\ncategory = \"mailbox_full\"\ntext = \"box is stuffed\"\n");
    OutpostConfig c = ConfigLoader.parse("[bounce]\nrules = \"" + rules + "\"\n", "outpost.toml");

    assertThat(c.bounce().rulesFile()).isEqualTo(rules);
    assertThat(c.bounce().extraRules()).singleElement()
        .satisfies(r -> assertThat(r.category()).isEqualTo(dev.outpost.bounce.BounceCategory.MAILBOX_FULL));
    assertThat(OutpostConfig.defaults().bounce().extraRules()).isEmpty();
    assertThat(OutpostConfig.defaults().delivery().delayWarning()).isEqualTo(Duration.ofHours(4));
  }

  @Test
  void aBadBounceRulesFileStopsTheStartWithEveryProblem(@TempDir Path dir) throws Exception {
    Path rules = Files.writeString(dir.resolve("extra.toml"),
        "[[rule]]\ncategory = \"full\"\ntext = \"x\"\n\n[[rule]]\ncategory = \"dns\"\ncode = \"6xx\"\n");
    assertThatThrownBy(() -> ConfigLoader.parse("\n[bounce]\nrules = \"" + rules + "\"\n", "outpost.toml"))
        .hasMessage("outpost.toml:3: bounce.rules: " + rules + ":2: rule[1].category: \"full\" is not one of "
            + "unknown_user, mailbox_full, message_too_large, blocked_as_spam, blocked_by_policy, rate_limited, "
            + "relay_denied, sender_authentication, dns, tls, connection, expired, content_rejected, other\n"
            + "outpost.toml:3: bounce.rules: " + rules + ":5: rule[2]: code must be three characters, digits or x, "
            + "such as \"550\" or \"5xx\"; got \"6xx\"");
    assertThatThrownBy(() -> ConfigLoader.parse("[bounce]\nrules = \"" + dir.resolve("none.toml") + "\"\n", "o.toml"))
        .hasMessage("o.toml:2: bounce.rules: " + dir.resolve("none.toml") + ": no such file");
  }
}
