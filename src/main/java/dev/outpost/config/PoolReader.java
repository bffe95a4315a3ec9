package dev.outpost.config;

import static dev.outpost.config.ConfigTypes.domain;
import static dev.outpost.config.ConfigTypes.domainPattern;
import static dev.outpost.config.TableReader.string;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.tomlj.TomlTable;

/**
 * Reads the {@code [[pool]]} tables. An address is an IP literal (never a name to look up), its
 * {@code ehlo} defaults to {@code server.hostname}, its {@code weight} to 1.
 */
final class PoolReader {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Set<String> MEMBER_KEYS = Set.of("address", "ehlo", "weight");

  private PoolReader() {}

  static List<PoolConfig> pools(List<TableReader> tables, String hostname) {
    if (tables == null) return List.of();
    List<PoolConfig> pools = new ArrayList<>();
    Map<String, String> names = new HashMap<>();
    for (TableReader t : tables) {
      String name = t.require("name", "\"marketing\"", string());
      List<PoolConfig.Member> members = List.of();
      if (!t.has("addresses")) {
        t.problem(t.line(), t.key("addresses"), "required, e.g. addresses = [{ address = \"192.0.2.10\","
            + " ehlo = \"mta1.example.com\" }]");
      } else {
        members = t.nonEmptyList("addresses", List.of(), member(hostname), "must hold at least one address");
      }
      List<String> senders = t.list("sender_domains", List.of(), domainPattern());
      List<String> accounts = t.list("accounts", List.of(), string());
      t.finish();
      if (name == null) continue;
      String earlier = names.putIfAbsent(name, t.path());
      if (earlier != null) {
        t.problem(t.lineOf("name"), t.key("name"), "\"" + name + "\" is already the name of " + earlier);
      } else if (!members.isEmpty()) {
        pools.add(new PoolConfig(name, members, senders, accounts));
      }
    }
    return pools;
  }

  private static Function<Object, PoolConfig.Member> member(String hostname) {
    return raw -> {
      if (!(raw instanceof TomlTable t)) {
        throw TableReader.mismatch("a table such as { address = \"192.0.2.10\", ehlo = \"mta1.example.com\" }", raw);
      }
      for (String key : t.keySet()) {
        if (!MEMBER_KEYS.contains(key)) {
          throw new IllegalArgumentException("unknown key " + key + "; the keys are address, ehlo, weight");
        }
      }
      Object address = t.get(List.of("address"));
      if (address == null) throw new IllegalArgumentException("address is required, e.g. address = \"192.0.2.10\"");
      Object ehlo = t.get(List.of("ehlo"));
      Object weight = t.get(List.of("weight"));
      return new PoolConfig.Member(literal(string().apply(address)),
          ehlo == null ? hostname : domain().apply(ehlo),
          weight == null ? 1 : TableReader.integer(1, 1000).apply(weight));
    };
  }

  private static InetAddress literal(String text) {
    if (!IPV4.matcher(text).matches() && !text.contains(":")) {
      throw new IllegalArgumentException("\"" + text + "\" is not an IP address; a pool binds to local addresses");
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not an IP address");
    }
  }
}
