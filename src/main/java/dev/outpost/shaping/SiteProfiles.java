package dev.outpost.shaping;

import dev.outpost.config.DurationFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The provider profiles in force: the limits for sites no profile names ({@link #defaults}) and
 * the named profiles, tried in order. {@link #builtIn()} reads {@code sites.toml}, shipped in
 * this package; config replaces or adds profiles with {@link #with}.
 */
public record SiteProfiles(SiteLimits defaults, List<SiteProfile> sites) {
  static final String BUILT_IN = "sites.toml";
  private static final Set<String> LIMIT_KEYS = Set.of("connections", "messages_per_connection", "rate",
      "recipients_per_message", "suspend", "recovery_interval");
  private static final SiteProfiles BUILT_IN_PROFILES = readBuiltIn();

  public SiteProfiles {
    sites = List.copyOf(sites);
  }

  public static SiteProfiles builtIn() {
    return BUILT_IN_PROFILES;
  }

  /** The profile named {@code name}, or null. */
  public SiteProfile named(String name) {
    for (SiteProfile p : sites) {
      if (p.name().equals(name)) return p;
    }
    return null;
  }

  /**
   * These profiles with {@code overrides} applied: one with a known name replaces that profile in
   * place (config reads its unset keys from it), a new name is added in front, so that config's
   * MX patterns win over the built-in ones. The name {@code default} sets {@link #defaults}.
   */
  public SiteProfiles with(List<SiteProfile> overrides) {
    Map<String, SiteProfile> byName = new LinkedHashMap<>();
    for (SiteProfile p : sites) byName.put(p.name(), p);
    List<SiteProfile> added = new ArrayList<>();
    SiteLimits newDefaults = defaults;
    for (SiteProfile o : overrides) {
      if (o.name().equals("default")) {
        newDefaults = o.limits();
      } else if (byName.containsKey(o.name())) {
        byName.put(o.name(), o);
      } else {
        added.add(o);
      }
    }
    added.addAll(byName.values());
    return new SiteProfiles(newDefaults, added);
  }

  /** A broken built-in file is a bug in Outpost, not a user error. */
  private static SiteProfiles readBuiltIn() {
    try (InputStream in = SiteProfiles.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) throw new IllegalStateException("the built-in site profiles " + BUILT_IN + " are missing");
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("the built-in site profiles cannot be read: " + e.getMessage(), e);
    }
  }

  static SiteProfiles parse(String text) {
    TomlParseResult toml = Toml.parse(text);
    if (toml.hasErrors()) throw new IllegalArgumentException(toml.errors().getFirst().toString());
    TomlTable defaultsTable = toml.getTable("defaults");
    if (defaultsTable == null) throw new IllegalArgumentException("[defaults] is missing");
    SiteLimits defaults = limits(defaultsTable, null);
    List<SiteProfile> sites = new ArrayList<>();
    TomlArray array = toml.getArray("site");
    for (int i = 0; array != null && i < array.size(); i++) {
      TomlTable t = array.getTable(i);
      List<String> mx = new ArrayList<>();
      TomlArray patterns = t.getArray("mx");
      for (int k = 0; patterns != null && k < patterns.size(); k++) mx.add(patterns.getString(k));
      sites.add(new SiteProfile(t.getString("name"), mx, limits(t, defaults)));
    }
    return new SiteProfiles(defaults, sites);
  }

  private static SiteLimits limits(TomlTable t, SiteLimits fallback) {
    for (String key : t.keySet()) {
      if (!LIMIT_KEYS.contains(key) && !key.equals("name") && !key.equals("mx")) {
        throw new IllegalArgumentException("unknown key " + key);
      }
    }
    return new SiteLimits(
        intOr(t, "connections", fallback == null ? null : fallback.connections()),
        intOr(t, "messages_per_connection", fallback == null ? null : fallback.messagesPerConnection()),
        t.contains("rate") ? Rate.parse(t.getString("rate")) : require(fallback, "rate").rate(),
        intOr(t, "recipients_per_message", fallback == null ? null : fallback.recipientsPerMessage()),
        t.contains("suspend") ? duration(t, "suspend") : require(fallback, "suspend").suspendFor(),
        t.contains("recovery_interval") ? duration(t, "recovery_interval")
            : require(fallback, "recovery_interval").recoveryInterval());
  }

  private static int intOr(TomlTable t, String key, Integer fallback) {
    Long value = t.getLong(key);
    if (value != null) return Math.toIntExact(value);
    if (fallback == null) throw new IllegalArgumentException(key + " is missing from [defaults]");
    return fallback;
  }

  private static Duration duration(TomlTable t, String key) {
    return DurationFormat.parse(t.getString(key));
  }

  private static SiteLimits require(SiteLimits fallback, String key) {
    if (fallback == null) throw new IllegalArgumentException(key + " is missing from [defaults]");
    return fallback;
  }
}
