package dev.outpost.campaigns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.campaigns.CampaignStore.NewRecipient;
import dev.outpost.smtp.Mailbox;
import dev.outpost.suppression.Suppression;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Reads an upload of recipients as it streams in, one record at a time, so an upload of any size
 * needs memory for one record only: NDJSON ({@code {"email": ..., "vars": {...}}} per line) or
 * CSV (a header row naming {@code email} and the variable columns, RFC 4180 quoting). A record
 * that cannot be used is reported with its line and field, and the rest go on: one typo must not
 * cost the other million.
 */
public final class RecipientUpload {
  /** A record longer than this is refused rather than held in memory. */
  static final int MAX_RECORD = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where the records go. */
  public interface Sink {
    void accept(NewRecipient recipient);

    void reject(long line, String field, String message);
  }

  /** The formats, by the upload's content type. */
  public enum Format {
    NDJSON,
    CSV;

    /** The format of a content type, or null when it is neither. */
    public static Format of(String contentType) {
      String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      return switch (type) {
        case "application/x-ndjson", "application/ndjson", "application/jsonl" -> NDJSON;
        case "text/csv" -> CSV;
        default -> null;
      };
    }
  }

  private RecipientUpload() {}

  public static void read(Format format, InputStream body, Sink sink) throws IOException {
    // Buffered also because CSV looks one character past a quote, which needs mark and reset.
    Reader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 64 * 1024);
    switch (format) {
      case NDJSON -> ndjson(new Records(reader, false), sink);
      case CSV -> csv(new Records(reader, true), sink);
    }
  }

  private static void ndjson(Records records, Sink sink) throws IOException {
    for (List<String> record = records.next(); record != null; record = records.next()) {
      long line = records.firstLine();
      if (records.tooLong()) {
        sink.reject(line, null, "longer than " + MAX_RECORD + " characters");
        continue;
      }
      String text = record.get(0);
      if (text.isBlank()) continue;
      JsonNode node;
      try {
        node = JSON.readTree(text);
      } catch (JsonProcessingException e) {
        sink.reject(line, null, "not JSON: " + e.getOriginalMessage());
        continue;
      }
      if (!(node instanceof ObjectNode object)) {
        sink.reject(line, null, "each line is one JSON object: {\"email\": ..., \"vars\": {...}}");
        continue;
      }
      String unknown = unknownField(object);
      if (unknown != null) {
        sink.reject(line, unknown, "unknown field '" + unknown + "'; a line has email and vars");
        continue;
      }
      JsonNode vars = object.get("vars");
      if (vars != null && !vars.isNull() && !vars.isObject()) {
        sink.reject(line, "vars", "vars is an object of variables");
        continue;
      }
      JsonNode email = object.get("email");
      if (email == null || !email.isTextual()) {
        sink.reject(line, "email", "email is required, as a string");
        continue;
      }
      String checked = email(email.asText(), line, sink);
      if (checked != null) {
        sink.accept(new NewRecipient(checked, vars == null || vars.isNull() ? null : vars.toString()));
      }
    }
  }

  private static String unknownField(ObjectNode object) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("email") && !name.equals("vars")) return name;
    }
    return null;
  }

  private static void csv(Records records, Sink sink) throws IOException {
    List<String> header = records.next();
    if (header == null) return;
    int emailColumn = -1;
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).strip().equalsIgnoreCase("email")) emailColumn = i;
    }
    if (records.tooLong() || emailColumn < 0) {
      sink.reject(1, "email", "the first row names the columns, and one of them must be email");
      return;
    }
    for (List<String> row = records.next(); row != null; row = records.next()) {
      long line = records.firstLine();
      if (records.tooLong()) {
        sink.reject(line, null, "longer than " + MAX_RECORD + " characters");
        continue;
      }
      if (row.size() == 1 && row.get(0).isBlank()) continue;
      if (row.size() != header.size()) {
        sink.reject(line, null, row.size() + " columns where the header has " + header.size());
        continue;
      }
      String checked = email(row.get(emailColumn), line, sink);
      if (checked == null) continue;
      ObjectNode vars = JSON.createObjectNode();
      for (int i = 0; i < header.size(); i++) {
        if (i != emailColumn) vars.put(header.get(i).strip(), row.get(i));
      }
      sink.accept(new NewRecipient(checked, vars.isEmpty() ? null : vars.toString()));
    }
  }

  /** The address checked and lower-cased (as suppression lists compare), or null when reported. */
  private static String email(String value, long line, Sink sink) {
    String address = value.strip();
    if (Mailbox.isNonAscii(address)) {
      sink.reject(line, "email", "internationalised addresses are not supported in campaigns: " + address);
      return null;
    }
    try {
      return Suppression.normalise(Mailbox.check(address));
    } catch (IllegalArgumentException e) {
      sink.reject(line, "email", "not an address: " + e.getMessage());
      return null;
    }
  }

  /**
   * Records of a stream: a line each, or with CSV quoting, fields that may hold commas, quotes
   * ("") and line breaks. A record over {@link #MAX_RECORD} characters is skipped to its end.
   */
  private static final class Records {
    private final Reader in;
    private final boolean csv;
    private long line = 1;
    private long firstLine;
    private boolean tooLong;
    private boolean ended;

    Records(Reader in, boolean csv) {
      this.in = in;
      this.csv = csv;
    }

    /** The next record's fields (one for NDJSON), or null at the end. */
    List<String> next() throws IOException {
      if (ended) return null;
      firstLine = line;
      tooLong = false;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      int length = 0;
      boolean quoted = false;
      boolean any = false;
      for (int c = in.read(); ; c = in.read()) {
        if (c < 0) {
          ended = true;
          if (!any) return null;
          break;
        }
        any = true;
        if (c == '\n') line++;
        if (++length > MAX_RECORD) tooLong = true;
        if (csv && quoted) {
          if (c == '"') {
            in.mark(1);
            int after = in.read();
            if (after == '"') {
              append(field, '"');
            } else {
              quoted = false;
              if (after >= 0) in.reset();
            }
          } else {
            append(field, (char) c);
          }
          continue;
        }
        if (c == '\n') break;
        if (c == '\r') continue;
        if (csv && c == '"' && field.isEmpty()) {
          quoted = true;
        } else if (csv && c == ',') {
          if (!tooLong) fields.add(field.toString());
          field.setLength(0);
        } else {
          append(field, (char) c);
        }
      }
      fields.add(field.toString());
      return fields;
    }

    private void append(StringBuilder field, char c) {
      if (!tooLong) field.append(c);
    }

    long firstLine() {
      return firstLine;
    }

    boolean tooLong() {
      return tooLong;
    }
  }
}
