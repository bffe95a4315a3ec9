package dev.outpost.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each bad config and the exact message a person gets for it. */
class ConfigErrorsTest {

  static Stream<Arguments> badConfigs() {
    return Stream.of(
        bad("[server\n", "t.toml:1: syntax error: Unexpected end of line, expected ]"),
        bad("a = \"unterminated\n", "t.toml:1: syntax error: Unexpected end of line, expected \" or a character"),
        bad("[server]\nhostname = \"a\"\nhostname = \"b\"\n",
            "t.toml:3: syntax error: hostname previously defined at line 2, column 1"),
        bad("[mail]\nx = 1\n", "t.toml:1: mail: unknown table; the tables are [server], [[listener]], [smtp], "
            + "[tls], [relay], [[route]], [dns], [delivery], [spool], [http], [abuse], [bounce], [senders], [shaping], "
            + "[[shaping.site]], [[pool]], [[tls_policy]], [reputation], [suppression], [events], [webhooks]"),
        bad("hostname = \"x\"\n", "t.toml:1: hostname: unknown key; the tables are [server], [[listener]], [smtp], "
            + "[tls], [relay], [[route]], [dns], [delivery], [spool], [http], [abuse], [bounce], [senders], [shaping], "
            + "[[shaping.site]], [[pool]], [[tls_policy]], [reputation], [suppression], [events], [webhooks]"),
        bad("[server]\nhostnme = \"x\"\n", "t.toml:2: server.hostnme: unknown key; the keys of [server] are "
            + "hostname, data_dir, max_connections, max_connections_per_ip, shutdown_grace"),
        bad("[[shaping.site]]\nname = \"corp\"\n",
            "t.toml:1: shaping.site[1].mx: required for a new site, e.g. mx = [\"*.mail.example.net\"]"),
        bad("[[shaping.site]]\nname = \"google\"\nrate = \"fast\"\n", "t.toml:3: shaping.site[1].rate: \"fast\" is not"
            + " a rate; write \"10/s\", \"600/min\", \"3600/h\" or \"unlimited\""),
        bad("[[shaping.site]]\nname = \"google\"\nconnections = 0\n",
            "t.toml:3: shaping.site[1].connections: must be 1-10000, got 0"),
        bad("[shaping]\nenabled = \"yes\"\n", "t.toml:2: shaping.enabled: expected true or false, got \"yes\""),
        bad("[[pool]]\nname = \"p\"\naddresses = [{ address = \"mta.example.com\" }]\n",
            "t.toml:3: pool[1].addresses[1]: \"mta.example.com\" is not an IP address; a pool binds to local addresses"),
        bad("[[pool]]\nname = \"p\"\naddresses = [{ address = \"192.0.2.1\", weight = 0 }]\n",
            "t.toml:3: pool[1].addresses[1]: must be 1-1000, got 0"),
        bad("[[route]]\ndomains = [\"*\"]\nhost = \"relay.example\"\npool = \"nope\"\n",
            "t.toml:4: route[1].pool: no [[pool]] is named \"nope\""),
        bad("[[tls_policy]]\ndomains = [\"bank.example\"]\nlevel = \"strict\"\n",
            "t.toml:3: tls_policy[1].level: \"strict\" is not one of opportunistic, require, verify"),
        bad("[[tls_policy]]\ndomains = [\"bank.example\"]\n", "t.toml:1: tls_policy[1].level: required, e.g."
            + " level = \"require\""),
        bad("server = 5\n", "t.toml:1: server: expected a table [server]; got 5"),
        bad("[[server]]\n", "t.toml:1: server: expected a table [server]; write [server] once, not [[server]]"),
        bad("[listener]\nname = \"a\"\n", "t.toml:1: listener: expected [[listener]] tables; "
            + "write [[listener]], not [listener]"),
        bad("listener = []\n", "t.toml:1: listener: at least one listener is needed"),
        bad("[server]\nhostname = \"mta example\"\n", "t.toml:2: server.hostname: \"mta example\" is not a domain name"),
        bad("[server]\nhostname = 7\n", "t.toml:2: server.hostname: expected a string, got 7"),
        bad("[server]\ndata_dir = \"\"\n", "t.toml:2: server.data_dir: must not be empty"),
        bad("[server]\nmax_connections = 0\n", "t.toml:2: server.max_connections: must be at least 1, got 0"),
        bad("[server]\nmax_connections = \"10\"\n",
            "t.toml:2: server.max_connections: expected an integer, got \"10\""),
        bad("[server]\nmax_connections = 3000000000\n",
            "t.toml:2: server.max_connections: must be at least 1, got 3000000000"),
        bad("[server]\nshutdown_grace = 30\n", "t.toml:2: server.shutdown_grace: expected a string, got 30"),
        bad("[[listener]]\nname = \"a\"\naddress = \"127.0.0.1:1\"\n[[listener]]\nname = \"b\"\n"
            + "address = \"127.0.0.1:2\"\ntls = \"tsl\"\nauth = \"maybe\"\n",
            "t.toml:7: listener[2].tls: \"tsl\" is not one of none, starttls, implicit",
            "t.toml:8: listener[2].auth: \"maybe\" is not one of required, optional, none"),
        bad("[[listener]]\ntls = \"none\"\n",
            "t.toml:1: listener[1].name: required, e.g. name = \"submission\"",
            "t.toml:1: listener[1].address: required, e.g. address = \"127.0.0.1:2587\""),
        bad("[http]\npublic_url = \"mta.example.com\"\ntls = \"yes\"\n",
            "t.toml:2: http.public_url: \"mta.example.com\" must be an http or https URL with a host, "
                + "e.g. \"https://mta.example.com\"",
            "t.toml:3: http.tls: expected true or false, got \"yes\""),
        bad("[[listener]]\nname = \"a\"\naddress = \"localhost\"\n",
            "t.toml:3: listener[1].address: expected host:port, got \"localhost\""),
        bad("[[listener]]\nname = \"a\"\naddress = \"127.0.0.1:70000\"\n",
            "t.toml:3: listener[1].address: port 70000 is outside 0-65535"),
        bad("[[listener]]\nname = \"a\"\naddress = \"127.0.0.1:25\"\n[[listener]]\nname = \"a\"\n"
            + "address = \"127.0.0.1:25\"\n",
            "t.toml:5: listener[2].name: \"a\" is already the name of listener[1]",
            "t.toml:6: listener[2].address: 127.0.0.1:25 is already the address of listener[1]"),
        bad("[[listener]]\nname = \"a\"\naddress = \"127.0.0.1:25\"\nport = 25\n",
            "t.toml:4: listener[1].port: unknown key; the keys of [listener[1]] are name, address, tls, auth"),
        bad("[smtp]\nmax_message_size = \"50 megs\"\n", "t.toml:2: smtp.max_message_size: \"50 megs\" is not a size; "
            + "write bytes or a number and a unit (KB, MB, GB, KiB, MiB, GiB), e.g. \"50MB\""),
        bad("[smtp]\nmax_message_size = 0\n", "t.toml:2: smtp.max_message_size: must be at least 1 byte, got 0"),
        bad("[smtp]\nmax_message_size = 1.5\n", "t.toml:2: smtp.max_message_size: expected a size in bytes or a "
            + "string such as \"50MB\", got 1.5"),
        bad("[smtp]\nmax_recipients = 99\n",
            "t.toml:2: smtp.max_recipients: must be at least 100 (RFC 5321 4.5.3.1.8), got 99"),
        bad("[smtp]\ncommand_timeout = \"0s\"\n", "t.toml:2: smtp.command_timeout: must be at least 1s, got \"0s\""),
        bad("[smtp]\ndata_timeout = \"5 minutes\"\n", "t.toml:2: smtp.data_timeout: \"5 minutes\" is not a duration; "
            + "write a number and a unit (ms, s, m, h, d), e.g. \"30s\" or \"5m\""),
        bad("[tls]\ncertificate = \"/etc/ssl/mta.crt\"\n", "t.toml:2: tls.key: required together with certificate "
            + "(give both, or neither for a self-signed certificate)"),
        bad("[tls]\ncertificate = \"/nonexistent/mta.crt\"\nkey = \"/nonexistent/mta.key\"\n",
            "t.toml:2: tls.certificate: /nonexistent/mta.crt does not exist or is not a file",
            "t.toml:3: tls.key: /nonexistent/mta.key does not exist or is not a file"),
        bad("[relay]\ntrusted_networks = \"127.0.0.0/8\"\n",
            "t.toml:2: relay.trusted_networks: expected an array, got \"127.0.0.0/8\""),
        bad("[relay]\ntrusted_networks = [\"127.0.0.0/8\", \"10.0.0.0/33\", \"lan\"]\n",
            "t.toml:2: relay.trusted_networks[2]: prefix length in \"10.0.0.0/33\" must be 0-32",
            "t.toml:2: relay.trusted_networks[3]: \"lan\" is not an IP address or CIDR range"),
        bad("[relay]\nlocal_domains = [\"example.com\", \"@example.org\"]\n",
            "t.toml:2: relay.local_domains[2]: \"@example.org\" is not a domain name"),
        bad("[[route]]\nhost = \"smarthost\"\n", "t.toml:1: route[1].domains: required, e.g. domains = [\"*\"]"),
        bad("[[route]]\ndomains = []\nhost = \"smarthost\"\n",
            "t.toml:2: route[1].domains: must name at least one domain, or \"*\""),
        bad("[[route]]\ndomains = [\"*example.com\"]\nhost = \"smarthost\"\n",
            "t.toml:2: route[1].domains[1]: \"*example.com\" is not a domain, \"*.domain\" or \"*\""),
        bad("[[route]]\ndomains = [\"*\"]\n", "t.toml:1: route[1].host: required, e.g. host = \"smarthost.example.net\""),
        bad("[[route]]\ndomains = [\"*\"]\nhost = \"smart host\"\nport = 0\n",
            "t.toml:3: route[1].host: \"smart host\" is not a host name or IP address",
            "t.toml:4: route[1].port: must be 1-65535, got 0"),
        bad("[dns]\nresolvers = [\"127.0.0.1\"]\n",
            "t.toml:2: dns.resolvers[1]: expected host:port, got \"127.0.0.1\""),
        bad("[dns]\nresolvers = [\"127.0.0.1:0\"]\n",
            "t.toml:2: dns.resolvers[1]: port must be 1-65535, got \"127.0.0.1:0\""),
        bad("[dns]\ntimeout = \"10ms\"\nattempts = 0\n",
            "t.toml:2: dns.timeout: must be at least 100ms, got \"10ms\"",
            "t.toml:3: dns.attempts: must be 1-10, got 0"),
        bad("[delivery]\nport = 65536\n", "t.toml:2: delivery.port: must be 1-65535, got 65536"),
        bad("[delivery]\nretry_schedule = []\n",
            "t.toml:2: delivery.retry_schedule: must hold at least one duration, e.g. [\"5m\"]"),
        bad("[delivery]\nretry_schedule = [\n  \"5m\",\n  \"often\",\n]\n",
            "t.toml:4: delivery.retry_schedule[2]: \"often\" is not a duration; write a number and a unit "
                + "(ms, s, m, h, d), e.g. \"30s\" or \"5m\""),
        bad("[delivery]\nconnections_per_destination = -1\n",
            "t.toml:2: delivery.connections_per_destination: must be at least 1, got -1"),
        bad("[spool]\nengine = \"mysql\"\n", "t.toml:2: spool.engine: \"mysql\" is not one of rocksdb, files"),
        bad("[http]\naddress = true\n", "t.toml:2: http.address: expected a string, got true"),
        bad("[reputation]\nsending_ips = [\"192.0.2.0/24\", \"mta\"]\ntake_listed_ips_out_of_pool = \"yes\"\n",
            "t.toml:2: reputation.sending_ips[1]: \"192.0.2.0/24\" is not an IP address",
            "t.toml:2: reputation.sending_ips[2]: \"mta\" is not an IP address",
            "t.toml:3: reputation.take_listed_ips_out_of_pool: expected true or false, got \"yes\""),
        bad("[reputation]\ncheck_interval = \"10s\"\ndnsbl_zones = [\"zen spamhaus\"]\n",
            "t.toml:2: reputation.check_interval: must be at least 60s, got \"10s\"",
            "t.toml:3: reputation.dnsbl_zones[1]: \"zen spamhaus\" is not a domain name"),
        bad("[suppression]\nenabled = \"no\"\nmode = \"drop\"\naction = \"bounce\"\n",
            "t.toml:2: suppression.enabled: expected true or false, got \"no\"",
            "t.toml:3: suppression.mode: unknown key; the keys of [suppression] are enabled, cache_ttl, complaints_address, action",
            "t.toml:4: suppression.action: \"bounce\" is not one of refuse, drop"),
        bad("[events]\nretention = \"30m\"\nkeep = \"forever\"\n",
            "t.toml:2: events.retention: must be at least 3600s, got \"30m\"",
            "t.toml:3: events.keep: unknown key; the keys of [events] are enabled, retention"),
        bad("[events]\nretention = 30\n",
            "t.toml:2: events.retention: expected a string, got 30"),
        bad("[webhooks]\nbackoff_min = \"100ms\"\nbatch_size = 5000\ntimeout = 10\nretries = 3\n",
            "t.toml:2: webhooks.backoff_min: must be at least 1s, got \"100ms\"",
            "t.toml:3: webhooks.batch_size: must be 1-1000, got 5000",
            "t.toml:4: webhooks.timeout: expected a string, got 10",
            "t.toml:5: webhooks.retries: unknown key; the keys of [webhooks] are backoff_min, backoff_max, max_age,"
                + " batch_size, timeout"),
        bad("[webhooks]\nbackoff_min = \"5m\"\nbackoff_max = \"1m\"\n",
            "t.toml:3: webhooks.backoff_max: backoff_max (1m) must not be shorter than backoff_min (5m)"),
        bad("[events]\nretention = \"12h\"\n[webhooks]\nmax_age = \"1d\"\n",
            "t.toml:4: webhooks.max_age: must not be longer than events.retention (12h), which deletes the events"
                + " it would retry"));
  }

  private static Arguments bad(String toml, String... messages) {
    return Arguments.of(toml, String.join("\n", messages));
  }

  @ParameterizedTest
  @MethodSource("badConfigs")
  void isRefusedWithAMessageNamingLineKeyAndProblem(String toml, String expected) {
    assertThatThrownBy(() -> ConfigLoader.parse(toml, "t.toml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(expected);
  }
}
