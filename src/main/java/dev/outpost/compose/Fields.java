package dev.outpost.compose;

import dev.outpost.pipeline.HeaderScanner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The checks every caller-given header field passes, for single messages and campaigns alike. */
public final class Fields {
  /**
   * Fields a caller may not set through {@code headers}: those with a field of their own, those
   * that carry the MIME structure Outpost builds, and those only servers write. Sender is here
   * because only From is held to the account's domains.
   */
  private static final Set<String> RESERVED = Set.of("from", "to", "cc", "bcc", "reply-to", "subject", "sender",
      "mime-version", "content-type", "content-transfer-encoding", "content-disposition", "received",
      "return-path", "dkim-signature", "x-outpost-campaign");
  private static final int MAX_NAME = 76;

  private Fields() {}

  /** Header injection: a value given as one line must stay one line. */
  public static void requireSingleLine(String value, String field) {
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new InvalidFieldException(field, "line breaks (CR or LF) are not allowed in a header value");
    }
  }

  /** Each address of a list, the field of each named with its index ({@code to[2]}). */
  public static List<MailAddress> addresses(List<String> values, String field) {
    if (values == null) return List.of();
    List<MailAddress> out = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) out.add(MailAddress.parse(values.get(i), field + "[" + i + "]"));
    return out;
  }

  /** Extra header fields, in the order given, each name and value checked. */
  public static Map<String, String> headers(Map<String, String> headers, String field) {
    if (headers == null) return Map.of();
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : headers.entrySet()) {
      String name = h.getKey();
      String path = field + "." + name;
      if (name.isEmpty() || name.length() > MAX_NAME || !name.chars().allMatch(c -> c >= 33 && c <= 126 && c != ':')) {
        throw new InvalidFieldException(path, "not a header field name (printable ASCII without ':', at most "
            + MAX_NAME + " characters)");
      }
      if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
        throw new InvalidFieldException(path, name + " cannot be set through headers; "
            + (name.equalsIgnoreCase(HeaderScanner.CAMPAIGN_FIELD) ? "use the campaign field"
                : "it has its own field, or it is Outpost's to write"));
      }
      if (h.getValue() == null) throw new InvalidFieldException(path, "a value is required");
      requireSingleLine(h.getValue(), path);
      out.put(name, h.getValue());
    }
    return out;
  }
}
