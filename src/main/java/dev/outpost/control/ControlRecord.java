package dev.outpost.control;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One data line of a control response: a type word and named fields, e.g.
 * {@code destination\tname=gmail.com\tmessages=12}. Fields are separated by tabs; a value
 * escapes backslash, tab, CR and LF as {@code \\ \t \r \n}, so any text fits on one line. A null
 * value is left out, and a reader takes a missing field as null, so a field can be added without
 * breaking an older reader.
 */
public record ControlRecord(String type, Map<String, String> fields) {
  private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9_.-]*");

  public ControlRecord {
    if (!WORD.matcher(type).matches()) throw new IllegalArgumentException("bad record type: " + type);
    if (type.equals("ok") || type.equals("error") || type.equals("failed")) {
      throw new IllegalArgumentException("record type may not be a status word: " + type);
    }
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** Starts a record; add fields with {@link Builder#put}. */
  public static Builder of(String type) {
    return new Builder(type);
  }

  public String get(String name) {
    return fields.get(name);
  }

  public int getInt(String name) {
    String v = fields.get(name);
    return v == null ? 0 : Integer.parseInt(v);
  }

  public boolean getFlag(String name) {
    return "yes".equals(fields.get(name));
  }

  String encode() {
    StringBuilder line = new StringBuilder(type);
    fields.forEach((name, value) -> line.append('\t').append(name).append('=').append(escape(value)));
    return line.toString();
  }

  static ControlRecord decode(String line) throws ControlProtocolException {
    String[] parts = line.split("\t", -1);
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq <= 0) throw new ControlProtocolException("malformed field \"" + parts[i] + "\" in response line");
      fields.put(parts[i].substring(0, eq), unescape(parts[i].substring(eq + 1)));
    }
    try {
      return new ControlRecord(parts[0], fields);
    } catch (IllegalArgumentException e) {
      throw new ControlProtocolException(e.getMessage());
    }
  }

  private static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (char c : value.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String unescape(String value) throws ControlProtocolException {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (++i == value.length()) throw new ControlProtocolException("dangling backslash in response line");
      out.append(switch (value.charAt(i)) {
        case '\\' -> '\\';
        case 't' -> '\t';
        case 'r' -> '\r';
        case 'n' -> '\n';
        default -> throw new ControlProtocolException("unknown escape \\" + value.charAt(i) + " in response line");
      });
    }
    return out.toString();
  }

  /** Collects fields in order; null values are skipped. */
  public static final class Builder {
    private final String type;
    private final Map<String, String> fields = new LinkedHashMap<>();

    private Builder(String type) {
      this.type = type;
    }

    public Builder put(String name, Object value) {
      if (value != null) fields.put(name, value.toString());
      return this;
    }

    public Builder flag(String name, boolean value) {
      fields.put(name, value ? "yes" : "no");
      return this;
    }

    public ControlRecord build() {
      return new ControlRecord(type, fields);
    }
  }
}
