package dev.outpost.bounce;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Reads a bounce rules file: TOML with one {@code [[rule]]} table per rule, in order.
 *
 * <pre>{@code
 * [[rule]]
 * category = "mailbox_full"   # required, a BounceCategory id
 * code = 552                  # optional: 550, or a pattern such as "5xx"
 * status = "X.2.2"            # optional: enhanced status, X for any part
 * text = "over ?quota"        # optional: regular expression, case-insensitive
 * }</pre>
 *
 * <p>Every problem in the file is collected before failing, so that one edit can fix them all.
 * Rules are counted from 1 in messages, as {@code [[listener]]} tables are in the config file.
 */
public final class BounceRuleFile {
  static final String BUILT_IN = "rules.toml";
  private static final Set<String> KEYS = Set.of("category", "code", "status", "text");

  private final String source;
  private final List<String> problems = new ArrayList<>();

  private BounceRuleFile(String source) {
    this.source = source;
  }

  /** The rules shipped with Outpost. A broken built-in file is a bug, not a user error. */
  public static List<BounceRule> builtIn() {
    try (InputStream in = BounceRuleFile.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) throw new IllegalStateException("the built-in bounce rules " + BUILT_IN + " are missing");
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUILT_IN);
    } catch (IOException | BounceRulesException e) {
      throw new IllegalStateException("the built-in bounce rules cannot be read:\n" + e.getMessage(), e);
    }
  }

  public static List<BounceRule> read(Path file) throws BounceRulesException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new BounceRulesException(List.of(file + ": no such file"));
    } catch (IOException e) {
      throw new BounceRulesException(List.of(file + ": cannot be read as UTF-8 text: " + e.getMessage()));
    }
    return parse(text, file.toString());
  }

  public static List<BounceRule> parse(String text, String sourceName) throws BounceRulesException {
    return new BounceRuleFile(sourceName).rules(text);
  }

  private List<BounceRule> rules(String text) throws BounceRulesException {
    TomlParseResult toml = Toml.parse(text);
    for (TomlParseError e : toml.errors()) problem(e.position().line(), "", "syntax error: " + e.getMessage());
    List<BounceRule> rules = new ArrayList<>();
    if (problems.isEmpty()) {
      for (String key : toml.keySet()) {
        if (!key.equals("rule")) problem(line(toml, key), key, "unknown key; a rules file holds only [[rule]] tables");
      }
      Object raw = toml.get(List.of("rule"));
      if (raw != null && !(raw instanceof TomlArray a && a.toList().stream().allMatch(TomlTable.class::isInstance))) {
        problem(line(toml, "rule"), "rule", "expected [[rule]] tables");
      } else if (raw != null) {
        TomlArray array = (TomlArray) raw;
        for (int i = 0; i < array.size(); i++) {
          BounceRule rule = rule(array.getTable(i), "rule[" + (i + 1) + "]", array.inputPositionOf(i).line());
          if (rule != null) rules.add(rule);
        }
      }
    }
    if (!problems.isEmpty()) throw new BounceRulesException(problems);
    return List.copyOf(rules);
  }

  private BounceRule rule(TomlTable t, String name, int headerLine) {
    int before = problems.size();
    for (String key : t.keySet()) {
      if (!KEYS.contains(key)) problem(line(t, key), name + "." + key, "unknown key; the keys of a rule are category, code, status, text");
    }
    BounceCategory category = null;
    Object rawCategory = t.get(List.of("category"));
    if (rawCategory == null) {
      problem(headerLine, name + ".category", "required, e.g. category = \"unknown_user\"");
    } else if (!(rawCategory instanceof String id) || (category = BounceCategory.byId(id)) == null) {
      problem(line(t, "category"), name + ".category", "\"" + rawCategory + "\" is not one of " + categoryIds());
    }
    String code = switch (t.get(List.of("code"))) {
      case null -> null;
      case Long n -> n.toString();
      case String s -> s.toLowerCase(java.util.Locale.ROOT);
      case Object other -> {
        problem(line(t, "code"), name + ".code", "expected a number such as 550 or a pattern such as \"5xx\"");
        yield null;
      }
    };
    String status = switch (t.get(List.of("status"))) {
      case null -> null;
      case String s -> s.toUpperCase(java.util.Locale.ROOT);
      case Object other -> {
        problem(line(t, "status"), name + ".status", "expected a string such as \"5.1.1\"");
        yield null;
      }
    };
    Pattern text = switch (t.get(List.of("text"))) {
      case null -> null;
      case String s -> compile(s, line(t, "text"), name + ".text");
      case Object other -> {
        problem(line(t, "text"), name + ".text", "expected a string holding a regular expression");
        yield null;
      }
    };
    if (problems.size() > before) return null;
    try {
      return new BounceRule(category, code, status, text, source + " " + name);
    } catch (IllegalArgumentException e) {
      problem(headerLine, name, e.getMessage());
      return null;
    }
  }

  private Pattern compile(String regex, int line, String key) {
    try {
      return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    } catch (PatternSyntaxException e) {
      problem(line, key, "not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
      return null;
    }
  }

  private void problem(int line, String key, String message) {
    problems.add(source + (line > 0 ? ":" + line : "") + ": " + (key.isEmpty() ? "" : key + ": ") + message);
  }

  private static int line(TomlTable table, String key) {
    var p = table.inputPositionOf(List.of(key));
    return p == null ? 0 : p.line();
  }

  private static String categoryIds() {
    List<String> ids = new ArrayList<>();
    for (BounceCategory c : BounceCategory.values()) ids.add(c.id());
    return String.join(", ", ids);
  }
}
