package dev.outpost.config;

import static dev.outpost.config.ConfigTypes.cidr;
import static dev.outpost.config.ConfigTypes.domain;
import static dev.outpost.config.ConfigTypes.domainPattern;
import static dev.outpost.config.ConfigTypes.duration;
import static dev.outpost.config.ConfigTypes.host;
import static dev.outpost.config.ConfigTypes.hostPort;
import static dev.outpost.config.ConfigTypes.httpUrl;
import static dev.outpost.config.ConfigTypes.ipAddress;
import static dev.outpost.config.ConfigTypes.path;
import static dev.outpost.config.ConfigTypes.size;
import static dev.outpost.config.TableReader.bool;
import static dev.outpost.config.TableReader.integer;
import static dev.outpost.config.TableReader.oneOf;
import static dev.outpost.config.TableReader.string;

import dev.outpost.bounce.BounceRuleFile;
import dev.outpost.bounce.BounceRulesException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Builds an {@link OutpostConfig} from one TOML file. Every key is optional and starts from
 * {@link OutpostConfig#defaults()}; {@code [[listener]]} tables, when given, replace the default
 * listeners. Relative paths ({@code server.data_dir}, {@code tls.certificate}, {@code tls.key})
 * are kept relative, so they resolve against the directory Outpost is started from, not the
 * directory of the file. Elements of arrays are counted from 1 in messages: {@code listener[2]}
 * is the second {@code [[listener]]} in the file.
 */
public final class ConfigLoader {
  private static final Set<String> TABLES =
      Set.of("server", "smtp", "tls", "relay", "dns", "delivery", "spool", "http", "abuse", "bounce", "senders", "shaping",
          "reputation", "suppression", "events", "webhooks");
  private static final Set<String> TABLE_ARRAYS = Set.of("listener", "route", "pool", "tls_policy");
  private static final String ALL_TABLES = "[server], [[listener]], [smtp], [tls], [relay], [[route]], [dns],"
      + " [delivery], [spool], [http], [abuse], [bounce], [senders], [shaping], [[shaping.site]], [[pool]], [[tls_policy]],"
      + " [reputation], [suppression], [events], [webhooks]";

  private final ConfigSource source;
  private final List<ConfigProblem> problems = new ArrayList<>();

  private ConfigLoader(ConfigSource source) {
    this.source = source;
  }

  public static OutpostConfig load(Path file) throws ConfigException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (NoSuchFileException e) {
      throw single(file.toString(), "no such file");
    } catch (CharacterCodingException e) {
      throw single(file.toString(), "is not UTF-8 text");
    } catch (IOException e) {
      throw single(file.toString(), "cannot be read: " + e.getMessage());
    }
    return parse(text, file.toString());
  }

  /** Parses config text; {@code sourceName} is the file name used in messages. */
  public static OutpostConfig parse(String text, String sourceName) throws ConfigException {
    return new ConfigLoader(new ConfigSource(sourceName, text)).read(text);
  }

  private static ConfigException single(String source, String message) {
    return new ConfigException(List.of(new ConfigProblem(source, 0, "", message)));
  }

  private OutpostConfig read(String text) throws ConfigException {
    TomlParseResult toml = Toml.parse(text);
    for (TomlParseError e : toml.errors()) {
      problems.add(new ConfigProblem(source.name(), e.position().line(), "", "syntax error: " + e.getMessage()));
    }
    if (problems.isEmpty()) {
      OutpostConfig config = build(toml);
      if (problems.isEmpty()) return config;
    }
    problems.sort(Comparator.comparingInt(ConfigProblem::line));
    throw new ConfigException(problems);
  }

  private OutpostConfig build(TomlTable root) {
    for (String name : root.keySet()) {
      if (!TABLES.contains(name) && !TABLE_ARRAYS.contains(name)) {
        String what = root.get(List.of(name)) instanceof TomlTable ? "unknown table" : "unknown key";
        problems.add(new ConfigProblem(source.name(), lineOf(root, name), name,
            what + "; the tables are " + ALL_TABLES));
      }
    }
    OutpostConfig d = OutpostConfig.defaults();
    ServerConfig server = server(table(root, "server"), d.server());
    List<ListenerConfig> listeners = listeners(root, d.listeners());
    SmtpConfig smtp = smtp(table(root, "smtp"), d.smtp());
    TlsConfig tls = tls(table(root, "tls"));
    RelayConfig relay = relay(table(root, "relay"), d.relay());
    List<PoolConfig> pools = PoolReader.pools(tableArray(root, "pool"), server.hostname());
    List<RouteConfig> routes = routes(root, pools);
    DnsConfig dns = dns(table(root, "dns"), d.dns());
    DeliveryConfig delivery = delivery(table(root, "delivery"), d.delivery());
    SpoolConfig spool = spool(table(root, "spool"), d.spool());
    HttpConfig http = http(table(root, "http"), d.http());
    AbuseConfig abuse = abuse(table(root, "abuse"), d.abuse());
    BounceConfig bounce = bounce(table(root, "bounce"), d.bounce());
    SendersConfig senders = senders(table(root, "senders"), d.senders());
    ShapingConfig shaping = ShapingReader.shaping(table(root, "shaping"), siteTables(root), d.shaping());
    List<TlsPolicyConfig> tlsPolicies = tlsPolicies(root);
    ReputationConfig reputation = reputation(table(root, "reputation"), d.reputation());
    SuppressionConfig suppression = suppression(table(root, "suppression"), d.suppression());
    EventsConfig events = events(table(root, "events"), d.events());
    WebhooksConfig webhooks = webhooks(table(root, "webhooks"), d.webhooks(), events);
    return new OutpostConfig(server, listeners, smtp, tls, relay, routes, dns, delivery, spool, http, abuse, bounce,
        senders, shaping, pools, tlsPolicies, reputation, suppression, events, webhooks);
  }

  private ServerConfig server(TableReader t, ServerConfig d) {
    ServerConfig c = new ServerConfig(
        t.get("hostname", d.hostname(), domain()),
        t.get("data_dir", d.dataDir(), path()),
        t.get("max_connections", d.maxConnections(), integer(1, Integer.MAX_VALUE)),
        t.get("max_connections_per_ip", d.maxConnectionsPerIp(), integer(1, Integer.MAX_VALUE)),
        t.get("shutdown_grace", d.shutdownGrace(), duration(Duration.ZERO)));
    t.finish();
    return c;
  }

  private List<ListenerConfig> listeners(TomlTable root, List<ListenerConfig> defaults) {
    List<TableReader> tables = tableArray(root, "listener");
    if (tables == null) return defaults;
    if (tables.isEmpty()) {
      problems.add(new ConfigProblem(source.name(), lineOf(root, "listener"), "listener", "at least one listener is needed"));
    }
    List<ListenerConfig> listeners = new ArrayList<>();
    Map<String, String> names = new HashMap<>();
    Map<HostPort, String> addresses = new HashMap<>();
    for (TableReader t : tables) {
      String name = t.require("name", "\"submission\"", string());
      HostPort address = t.require("address", "\"127.0.0.1:2587\"", hostPort(true));
      TlsMode tls = t.get("tls", TlsMode.NONE, oneOf(TlsMode.class));
      AuthMode auth = t.get("auth", AuthMode.NONE, oneOf(AuthMode.class));
      t.finish();
      if (name != null) {
        String earlier = names.putIfAbsent(name, t.path());
        if (earlier != null) {
          t.problem(t.lineOf("name"), t.key("name"), "\"" + name + "\" is already the name of " + earlier);
        }
      }
      if (address != null && address.port() != 0) {
        String earlier = addresses.putIfAbsent(address, t.path());
        if (earlier != null) {
          t.problem(t.lineOf("address"), t.key("address"), address + " is already the address of " + earlier);
        }
      }
      if (name != null && address != null) listeners.add(new ListenerConfig(name, address, tls, auth));
    }
    return listeners;
  }

  private SmtpConfig smtp(TableReader t, SmtpConfig d) {
    SmtpConfig c = new SmtpConfig(
        t.get("max_message_size", d.maxMessageSize(), size()),
        t.get("max_recipients", d.maxRecipients(), raw -> {
          int n = integer(1, Integer.MAX_VALUE).apply(raw);
          if (n < 100) throw new IllegalArgumentException("must be at least 100 (RFC 5321 4.5.3.1.8), got " + n);
          return n;
        }),
        t.get("command_timeout", d.commandTimeout(), duration(Duration.ofSeconds(1))),
        t.get("data_timeout", d.dataTimeout(), duration(Duration.ofSeconds(1))),
        t.get("max_errors", d.maxErrors(), integer(1, Integer.MAX_VALUE)),
        t.get("greet_pause", d.greetPause(), duration(Duration.ZERO)));
    t.finish();
    return c;
  }

  private SendersConfig senders(TableReader t, SendersConfig d) {
    SendersConfig c = new SendersConfig(t.get("from_mismatch", d.fromMismatch(), oneOf(SendersConfig.FromMismatch.class)));
    t.finish();
    return c;
  }

  private static ReputationConfig reputation(TableReader t, ReputationConfig d) {
    ReputationConfig c = new ReputationConfig(
        t.list("sending_ips", d.sendingIps(), ipAddress()),
        t.list("dnsbl_zones", d.dnsblZones(), domain()),
        t.list("domain_zones", d.domainZones(), domain()),
        t.list("uribl_zones", d.uriblZones(), domain()),
        t.get("check_interval", d.checkInterval(), duration(Duration.ofMinutes(1))),
        t.get("take_listed_ips_out_of_pool", d.takeListedIpsOutOfPool(), bool()),
        t.get("content_check", d.contentCheck(), oneOf(ReputationConfig.ContentCheck.class)),
        t.get("spamd", d.spamd(), hostPort(false)));
    t.finish();
    return c;
  }

  private static SuppressionConfig suppression(TableReader t, SuppressionConfig d) {
    SuppressionConfig c = new SuppressionConfig(
        t.get("enabled", d.enabled(), bool()),
        t.get("cache_ttl", d.cacheTtl(), duration(Duration.ZERO)),
        t.get("complaints_address", d.complaintsAddress(), TableReader.text(ConfigLoader::mailbox)),
        t.get("action", d.action(), oneOf(SuppressionConfig.Action.class)));
    t.finish();
    return c;
  }

  private static EventsConfig events(TableReader t, EventsConfig d) {
    EventsConfig c = new EventsConfig(
        t.get("enabled", d.enabled(), bool()),
        // Under an hour the hourly aggregates would be deleted while their hour is still counted.
        t.get("retention", d.retention(), duration(Duration.ofHours(1))));
    t.finish();
    return c;
  }

  private static WebhooksConfig webhooks(TableReader t, WebhooksConfig d, EventsConfig events) {
    Duration second = Duration.ofSeconds(1);
    Duration min = t.get("backoff_min", d.backoffMin(), duration(second));
    Duration max = t.get("backoff_max", d.backoffMax(), duration(second));
    Duration maxAge = t.get("max_age", d.maxAge(), duration(Duration.ofHours(1)));
    int batchSize = t.get("batch_size", d.batchSize(), integer(1, WebhooksConfig.MAX_BATCH_SIZE));
    Duration timeout = t.get("timeout", d.timeout(), duration(second));
    t.finish();
    if (max.compareTo(min) < 0) {
      String key = t.has("backoff_max") ? "backoff_max" : "backoff_min";
      t.problem(t.lineOf(key), t.key(key), "backoff_max (" + DurationFormat.format(max)
          + ") must not be shorter than backoff_min (" + DurationFormat.format(min) + ")");
      return d;
    }
    // The purge deletes events older than the retention whether a webhook has them or not; a
    // longer max_age would promise retries of events that are gone.
    if (maxAge.compareTo(events.retention()) > 0) {
      t.problem(t.lineOf("max_age"), t.key("max_age"), "must not be longer than events.retention ("
          + DurationFormat.format(events.retention()) + "), which deletes the events it would retry");
      return d;
    }
    return new WebhooksConfig(min, max, maxAge, batchSize, timeout);
  }

  private static String mailbox(String address) {
    int at = address.lastIndexOf('@');
    if (at < 1 || at == address.length() - 1 || address.chars().anyMatch(ch -> ch <= ' ')) {
      throw new IllegalArgumentException("\"" + address + "\" is not a mail address (local@domain)");
    }
    return address.toLowerCase(java.util.Locale.ROOT);
  }

  private AbuseConfig abuse(TableReader t, AbuseConfig d) {
    AbuseConfig c = new AbuseConfig(
        t.get("connection_rate_per_ip", d.connectionRatePerIp(), integer(0, Integer.MAX_VALUE)),
        t.get("auth_failures_per_ip", d.authFailuresPerIp(), integer(1, Integer.MAX_VALUE)),
        t.get("auth_failure_window", d.authFailureWindow(), duration(Duration.ofSeconds(1))),
        t.get("auth_block", d.authBlock(), duration(Duration.ofSeconds(1))),
        t.get("error_delay_after", d.errorDelayAfter(), integer(0, Integer.MAX_VALUE)),
        t.get("error_delay", d.errorDelay(), duration(Duration.ZERO)),
        t.get("max_junk_commands", d.maxJunkCommands(), integer(1, Integer.MAX_VALUE)),
        t.get("max_session_duration", d.maxSessionDuration(), duration(Duration.ofSeconds(1))));
    t.finish();
    return c;
  }

  private TlsConfig tls(TableReader t) {
    Path certificate = t.get("certificate", null, path());
    Path key = t.get("key", null, path());
    boolean givenCertificate = t.has("certificate");
    boolean givenKey = t.has("key");
    t.finish();
    if (givenCertificate != givenKey) {
      String missing = givenCertificate ? "key" : "certificate";
      String given = givenCertificate ? "certificate" : "key";
      t.problem(t.lineOf(given), t.key(missing), "required together with " + given
          + " (give both, or neither for a self-signed certificate)");
      return TlsConfig.selfSigned();
    }
    checkReadable(t, "certificate", certificate);
    checkReadable(t, "key", key);
    return new TlsConfig(certificate, key);
  }

  private static void checkReadable(TableReader t, String name, Path file) {
    if (file == null) return;
    if (!Files.isRegularFile(file)) {
      t.problem(t.lineOf(name), t.key(name), file + " does not exist or is not a file");
    } else if (!Files.isReadable(file)) {
      t.problem(t.lineOf(name), t.key(name), file + " is not readable by this user");
    }
  }

  private RelayConfig relay(TableReader t, RelayConfig d) {
    RelayConfig c = new RelayConfig(
        t.list("trusted_networks", d.trustedNetworks(), cidr()),
        t.list("local_domains", d.localDomains(), domain()));
    t.finish();
    return c;
  }

  private List<RouteConfig> routes(TomlTable root, List<PoolConfig> pools) {
    List<TableReader> tables = tableArray(root, "route");
    if (tables == null) return List.of();
    List<RouteConfig> routes = new ArrayList<>();
    for (TableReader t : tables) {
      List<String> domains = List.of();
      if (!t.has("domains")) {
        t.problem(t.line(), t.key("domains"), "required, e.g. domains = [\"*\"]");
      } else {
        domains = t.nonEmptyList("domains", List.of(), domainPattern(), "must name at least one domain, or \"*\"");
      }
      String host = t.require("host", "\"smarthost.example.net\"", host());
      int port = t.get("port", 25, integer(1, 65535));
      String pool = t.get("pool", null, string());
      TlsPolicyLevel tls = t.get("tls", null, oneOf(TlsPolicyLevel.class));
      t.finish();
      if (pool != null && pools.stream().noneMatch(p -> p.name().equals(pool))) {
        t.problem(t.lineOf("pool"), t.key("pool"), "no [[pool]] is named \"" + pool + "\"");
      }
      if (!domains.isEmpty() && host != null) routes.add(new RouteConfig(domains, host, port, pool, tls));
    }
    return routes;
  }

  private DeliveryConfig delivery(TableReader t, DeliveryConfig d) {
    Duration second = Duration.ofSeconds(1);
    List<Duration> schedule = t.nonEmptyList("retry_schedule", d.retrySchedule(), duration(second),
        "must hold at least one duration, e.g. [\"5m\"]");
    DeliveryConfig c = new DeliveryConfig(
        t.get("port", d.port(), integer(1, 65535)),
        schedule.isEmpty() ? d.retrySchedule() : schedule,
        t.get("max_age", d.maxAge(), duration(second)),
        t.get("connections_per_destination", d.connectionsPerDestination(), integer(1, Integer.MAX_VALUE)),
        t.get("messages_per_connection", d.messagesPerConnection(), integer(1, Integer.MAX_VALUE)),
        t.get("recipients_per_transaction", d.recipientsPerTransaction(), integer(1, Integer.MAX_VALUE)),
        t.get("connect_timeout", d.connectTimeout(), duration(second)),
        t.get("greeting_timeout", d.greetingTimeout(), duration(second)),
        t.get("command_timeout", d.commandTimeout(), duration(second)),
        t.get("data_timeout", d.dataTimeout(), duration(second)),
        t.get("final_reply_timeout", d.finalReplyTimeout(), duration(second)),
        t.get("idle_timeout", d.idleTimeout(), duration(Duration.ZERO)),
        t.get("delay_warning", d.delayWarning(), duration(Duration.ZERO)));
    t.finish();
    return c;
  }

  private static DnsConfig dns(TableReader t, DnsConfig d) {
    DnsConfig c = new DnsConfig(
        t.list("resolvers", d.resolvers(), hostPort(false)),
        t.get("timeout", d.timeout(), duration(Duration.ofMillis(100))),
        t.get("attempts", d.attempts(), integer(1, 10)));
    t.finish();
    return c;
  }

  private static SpoolConfig spool(TableReader t, SpoolConfig d) {
    SpoolConfig c = new SpoolConfig(t.get("engine", d.engine(), oneOf(SpoolConfig.SpoolEngine.class)));
    t.finish();
    return c;
  }

  private static HttpConfig http(TableReader t, HttpConfig d) {
    HttpConfig c = new HttpConfig(
        t.get("enabled", d.enabled(), bool()),
        t.get("address", d.address(), hostPort(true)),
        t.get("tls", d.tls(), bool()),
        t.get("max_body", d.maxBody(), size()),
        t.get("public_url", d.publicUrl(), httpUrl()));
    t.finish();
    return c;
  }

  private List<TlsPolicyConfig> tlsPolicies(TomlTable root) {
    List<TableReader> tables = tableArray(root, "tls_policy");
    if (tables == null) return List.of();
    List<TlsPolicyConfig> policies = new ArrayList<>();
    for (TableReader t : tables) {
      List<String> domains = List.of();
      if (!t.has("domains")) {
        t.problem(t.line(), t.key("domains"), "required, e.g. domains = [\"example.com\"]");
      } else {
        domains = t.nonEmptyList("domains", List.of(), domainPattern(), "must name at least one domain, or \"*\"");
      }
      TlsPolicyLevel level = t.require("level", "\"require\"", oneOf(TlsPolicyLevel.class));
      Path caFile = t.get("ca_file", null, path());
      t.finish();
      checkReadable(t, "ca_file", caFile);
      if (caFile != null && level != null && level != TlsPolicyLevel.VERIFY) {
        t.problem(t.lineOf("ca_file"), t.key("ca_file"), "only used with level = \"verify\"");
      }
      if (!domains.isEmpty() && level != null) policies.add(new TlsPolicyConfig(domains, level, caFile));
    }
    return policies;
  }

  /** The {@code [[shaping.site]]} tables, or null when there are none. */
  private List<TableReader> siteTables(TomlTable root) {
    if (!(root.get(List.of("shaping")) instanceof TomlTable shaping)) return null;
    return tableArray(shaping, "site", "shaping.site");
  }

  /** Reads the extra rules file now, so that a bad rule stops the start like any bad key. */
  private static BounceConfig bounce(TableReader t, BounceConfig d) {
    Path file = t.get("rules", d.rulesFile(), path());
    t.finish();
    if (file == null) return d;
    try {
      return new BounceConfig(file, BounceRuleFile.read(file));
    } catch (BounceRulesException e) {
      for (String problem : e.problems()) t.problem(t.lineOf("rules"), t.key("rules"), problem);
      return d;
    }
  }

  /** The reader of {@code [name]}; an empty one when the table is absent or not a table. */
  private TableReader table(TomlTable root, String name) {
    Object raw = root.get(List.of(name));
    if (raw instanceof TomlTable t) return new TableReader(source, problems, t, name, lineOf(root, name));
    if (raw != null) {
      String hint = raw instanceof TomlArray ? "write [" + name + "] once, not [[" + name + "]]" : "got "
          + TableReader.describe(raw);
      problems.add(new ConfigProblem(source.name(), lineOf(root, name), name, "expected a table [" + name + "]; " + hint));
    }
    return new TableReader(source, problems, Toml.parse(""), name, 0);
  }

  /** Readers of the {@code [[name]]} tables; null when there are none or they are not tables (a problem). */
  private List<TableReader> tableArray(TomlTable root, String name) {
    return tableArray(root, name, name);
  }

  /** @param path the tables' name in messages, e.g. {@code shaping.site} */
  private List<TableReader> tableArray(TomlTable root, String name, String path) {
    Object raw = root.get(List.of(name));
    if (raw == null) return null;
    if (!(raw instanceof TomlArray array) || !array.toList().stream().allMatch(TomlTable.class::isInstance)) {
      String hint = raw instanceof TomlTable ? "write [[" + path + "]], not [" + path + "]" : "got "
          + TableReader.describe(raw);
      problems.add(new ConfigProblem(source.name(), lineOf(root, name), path,
          "expected [[" + path + "]] tables; " + hint));
      return null;
    }
    List<TableReader> readers = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      readers.add(new TableReader(source, problems, array.getTable(i), path + "[" + (i + 1) + "]",
          array.inputPositionOf(i).line()));
    }
    return readers;
  }

  private static int lineOf(TomlTable table, String name) {
    var p = table.inputPositionOf(List.of(name));
    return p == null ? 0 : p.line();
  }
}
