package dev.outpost.config;

import static dev.outpost.config.ConfigTypes.domainPattern;
import static dev.outpost.config.ConfigTypes.duration;
import static dev.outpost.config.TableReader.integer;
import static dev.outpost.config.TableReader.string;
import static dev.outpost.config.TableReader.text;

import dev.outpost.shaping.Rate;
import dev.outpost.shaping.SiteLimits;
import dev.outpost.shaping.SiteProfile;
import dev.outpost.shaping.SiteProfiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code [shaping]} and its {@code [[shaping.site]]} tables. An entry named like a
 * built-in profile (or {@code default}, the limits of unknown sites) changes only the keys it
 * gives; an entry with a new name needs {@code mx} patterns and takes its unset limits from the
 * defaults.
 */
final class ShapingReader {
  private ShapingReader() {}

  static ShapingConfig shaping(TableReader t, List<TableReader> sites, ShapingConfig d) {
    boolean enabled = t.get("enabled", d.enabled(), TableReader.bool());
    t.has("site");
    t.finish();
    if (sites == null) return new ShapingConfig(enabled, d.profiles());
    SiteProfiles builtIn = d.profiles();
    List<SiteProfile> overrides = new ArrayList<>();
    Map<String, String> names = new HashMap<>();
    for (TableReader s : sites) {
      SiteProfile profile = site(s, builtIn, names);
      if (profile != null) overrides.add(profile);
    }
    return new ShapingConfig(enabled, builtIn.with(overrides));
  }

  private static SiteProfile site(TableReader s, SiteProfiles builtIn, Map<String, String> names) {
    String name = s.require("name", "\"google\"", string());
    SiteProfile base = name == null ? null
        : name.equals("default") ? new SiteProfile("default", List.of(), builtIn.defaults()) : builtIn.named(name);
    SiteLimits fallback = base != null ? base.limits() : builtIn.defaults();
    List<String> mx = s.list("mx", base != null ? base.mxPatterns() : List.of(), domainPattern());
    int connections = s.get("connections", fallback.connections(), integer(1, 10_000));
    int perConnection = s.get("messages_per_connection", fallback.messagesPerConnection(),
        integer(1, Integer.MAX_VALUE));
    Rate rate = s.get("rate", fallback.rate(), text(Rate::parse));
    int recipients = s.get("recipients_per_message", fallback.recipientsPerMessage(), integer(1, Integer.MAX_VALUE));
    Duration suspend = s.get("suspend", fallback.suspendFor(), duration(Duration.ZERO));
    Duration recovery = s.get("recovery_interval", fallback.recoveryInterval(), duration(Duration.ofSeconds(1)));
    s.finish();
    if (name == null) return null;
    String earlier = names.putIfAbsent(name, s.path());
    if (earlier != null) {
      s.problem(s.lineOf("name"), s.key("name"), "\"" + name + "\" is already the name of " + earlier);
      return null;
    }
    if (base == null && mx.isEmpty()) {
      s.problem(s.line(), s.key("mx"), "required for a new site, e.g. mx = [\"*.mail.example.net\"]");
      return null;
    }
    if (mx.contains("*")) {
      s.problem(s.lineOf("mx"), s.key("mx"), "\"*\" would match every MX host; set the limits of unknown sites"
          + " with name = \"default\"");
      return null;
    }
    return new SiteProfile(name, mx, new SiteLimits(connections, perConnection, rate, recipients, suspend, recovery));
  }
}
