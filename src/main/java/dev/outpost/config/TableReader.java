package dev.outpost.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads the keys of one TOML table into typed values. A value that is wrong becomes a
 * {@link ConfigProblem} and the fallback is used, so that reading goes on and every problem in
 * the file is reported at once. Each read declares its key as known; {@link #finish()} then
 * reports the keys nobody asked for.
 */
final class TableReader {
  private final ConfigSource source;
  private final List<ConfigProblem> problems;
  private final TomlTable table;
  private final String path;
  private final int line;
  private final Set<String> known = new LinkedHashSet<>();

  /**
   * @param path the table's name in messages: {@code server}, {@code listener[2]}; empty for the root
   * @param line the line of the table's header, for problems such as a missing key
   */
  TableReader(ConfigSource source, List<ConfigProblem> problems, TomlTable table, String path, int line) {
    this.source = source;
    this.problems = problems;
    this.table = table;
    this.path = path;
    this.line = line;
  }

  String path() {
    return path;
  }

  int line() {
    return line;
  }

  String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  int lineOf(String name) {
    TomlPosition p = table.inputPositionOf(List.of(name));
    return p == null ? line : p.line();
  }

  boolean has(String name) {
    known.add(name);
    return table.get(List.of(name)) != null;
  }

  void problem(int atLine, String key, String message) {
    problems.add(new ConfigProblem(source.name(), atLine, key, message));
  }

  /** The value of {@code name} converted by {@code type}, or {@code fallback} if absent or wrong. */
  <T> T get(String name, T fallback, Function<Object, T> type) {
    known.add(name);
    Object raw = table.get(List.of(name));
    if (raw == null) return fallback;
    try {
      return type.apply(raw);
    } catch (IllegalArgumentException e) {
      problem(lineOf(name), key(name), e.getMessage());
      return fallback;
    }
  }

  /** Like {@link #get}, but a missing key is a problem; returns null then or when the value is wrong. */
  <T> T require(String name, String example, Function<Object, T> type) {
    if (!has(name)) {
      problem(line, key(name), "required, e.g. " + name + " = " + example);
      return null;
    }
    return get(name, null, type);
  }

  /** An array whose elements are each converted by {@code element}; wrong elements are left out. */
  <T> List<T> list(String name, List<T> fallback, Function<Object, T> element) {
    known.add(name);
    Object raw = table.get(List.of(name));
    if (raw == null) return fallback;
    if (!(raw instanceof TomlArray array)) {
      problem(lineOf(name), key(name), "expected an array, got " + describe(raw));
      return fallback;
    }
    List<T> values = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      try {
        values.add(element.apply(array.get(i)));
      } catch (IllegalArgumentException e) {
        problem(source.valueLine(array.inputPositionOf(i)), key(name) + "[" + (i + 1) + "]", e.getMessage());
      }
    }
    return values;
  }

  /** Like {@link #list}, but an empty array is a problem described by {@code whenEmpty}. */
  <T> List<T> nonEmptyList(String name, List<T> fallback, Function<Object, T> element, String whenEmpty) {
    if (table.get(List.of(name)) instanceof TomlArray a && a.isEmpty()) {
      known.add(name);
      problem(lineOf(name), key(name), whenEmpty);
      return fallback;
    }
    return list(name, fallback, element);
  }

  /** Reports the keys of this table that no read declared, naming the ones that exist. */
  void finish() {
    for (String name : table.keySet()) {
      if (!known.contains(name)) {
        problem(lineOf(name), key(name), "unknown key; the keys of " + (path.isEmpty() ? "the file" : "[" + path
            + "]") + " are " + String.join(", ", known));
      }
    }
  }

  static Function<Object, String> string() {
    return raw -> {
      if (raw instanceof String s) return s;
      throw mismatch("a string", raw);
    };
  }

  static <T> Function<Object, T> text(Function<String, T> parser) {
    return string().andThen(parser);
  }

  static Function<Object, Integer> integer(int min, int max) {
    return raw -> {
      if (!(raw instanceof Long n)) throw mismatch("an integer", raw);
      if (n < min || n > max) {
        String range = max == Integer.MAX_VALUE ? "at least " + min : min + "-" + max;
        throw new IllegalArgumentException("must be " + range + ", got " + n);
      }
      return n.intValue();
    };
  }

  static Function<Object, Boolean> bool() {
    return raw -> {
      if (raw instanceof Boolean b) return b;
      throw mismatch("true or false", raw);
    };
  }

  static <E extends Enum<E>> Function<Object, E> oneOf(Class<E> type) {
    return text(s -> {
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(s)) return e;
      }
      List<String> names = new ArrayList<>();
      for (E e : type.getEnumConstants()) names.add(e.name().toLowerCase(Locale.ROOT));
      throw new IllegalArgumentException(quote(s) + " is not one of " + String.join(", ", names));
    });
  }

  static IllegalArgumentException mismatch(String expected, Object raw) {
    return new IllegalArgumentException("expected " + expected + ", got " + describe(raw));
  }

  static String describe(Object raw) {
    return switch (raw) {
      case String s -> quote(s);
      case Long n -> n.toString();
      case Double d -> d.toString();
      case Boolean b -> b.toString();
      case TomlArray a -> "an array";
      case TomlTable t -> "a table";
      default -> "a date/time";
    };
  }

  static String quote(String s) {
    return "\"" + s + "\"";
  }
}
