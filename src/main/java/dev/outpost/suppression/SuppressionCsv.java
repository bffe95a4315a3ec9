package dev.outpost.suppression;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The export and import format of {@code outpost suppression}: RFC 4180 CSV with the header
 * {@value #HEADER}, times in ISO-8601 UTC, an empty {@code expires_at} for never. The scope is
 * not a column: a file is imported into whichever list the operator names, so one account's
 * export can seed another's list.
 */
public final class SuppressionCsv {
  public static final String HEADER = "address,reason,detail,created_at,expires_at";

  private SuppressionCsv() {}

  public static String write(List<Suppression> entries) {
    StringBuilder out = new StringBuilder(HEADER).append("\r\n");
    for (Suppression e : entries) {
      out.append(field(e.address())).append(',').append(e.reason().key()).append(',').append(field(e.detail()))
          .append(',').append(e.createdAt()).append(',').append(e.expiresAt() == null ? "" : e.expiresAt())
          .append("\r\n");
    }
    return out.toString();
  }

  /**
   * The entries of {@code text}, put on {@code scope}. An empty {@code created_at} means
   * {@code now}; the header line is optional.
   *
   * @throws IllegalArgumentException naming the record (counted from 1, the header included) and
   *     what is wrong with it
   */
  public static List<Suppression> read(String text, SuppressionScope scope, Instant now) {
    List<List<String>> records = records(text);
    List<Suppression> out = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      List<String> r = records.get(i);
      if (i == 0 && String.join(",", r).equals(HEADER)) continue;
      try {
        if (r.size() != 5) throw new IllegalArgumentException("expected 5 fields (" + HEADER + "), got " + r.size());
        if (r.get(0).isBlank() || !r.get(0).contains("@")) {
          throw new IllegalArgumentException("\"" + r.get(0) + "\" is not an address");
        }
        out.add(new Suppression(scope, r.get(0).strip(), SuppressionReason.ofKey(r.get(1).strip()), r.get(2),
            r.get(3).isBlank() ? now : Instant.parse(r.get(3).strip()),
            r.get(4).isBlank() ? null : Instant.parse(r.get(4).strip())));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("record " + (i + 1) + ": \"" + e.getParsedString()
            + "\" is not an ISO-8601 time such as 2030-01-15T10:00:00Z");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("record " + (i + 1) + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static String field(String value) {
    boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
        || value.indexOf('\r') >= 0;
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  /** Splits RFC 4180 text into records of fields; quoted fields may hold commas, quotes and line breaks. */
  private static List<List<String>> records(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c != '"') {
          f.append(c);
        } else if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
        any = true;
      } else if (c == ',') {
        record.add(f.toString());
        f.setLength(0);
        any = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
        if (any || !f.isEmpty()) {
          record.add(f.toString());
          records.add(record);
        }
        record = new ArrayList<>();
        f.setLength(0);
        any = false;
      } else {
        f.append(c);
        any = true;
      }
    }
    if (quoted) throw new IllegalArgumentException("record " + (records.size() + 1) + ": unterminated quoted field");
    if (any || !f.isEmpty()) {
      record.add(f.toString());
      records.add(record);
    }
    return records;
  }
}
