package dev.outpost.api;

import io.helidon.webserver.http.ServerRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query string of a GET request, read strictly: a parameter the endpoint does not know, or a
 * single-valued one given twice, is a 400 naming it, so that a misspelt filter is never silently
 * ignored (a list that should have been narrowed would come back whole).
 */
final class QueryParameters {
  private final ServerRequest request;

  QueryParameters(ServerRequest request, Set<String> known) {
    this.request = request;
    for (String name : request.query().names()) {
      if (!known.contains(name)) {
        throw ApiException.badRequest(name, "unknown parameter '" + name + "'; the parameters are "
            + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  /** The parameter's value, or null when it is absent or empty. */
  String text(String name) {
    List<String> values = request.query().all(name, List::of);
    if (values.size() > 1) throw ApiException.badRequest(name, "give '" + name + "' once, not " + values.size() + " times");
    return values.isEmpty() || values.get(0).isBlank() ? null : values.get(0).strip();
  }

  /** Every value, whether the parameter is repeated or its values are separated by commas. */
  List<String> list(String name) {
    List<String> out = new ArrayList<>();
    for (String value : request.query().all(name, List::of)) {
      for (String part : value.split(",")) if (!part.isBlank()) out.add(part.strip());
    }
    return out;
  }

  /** An ISO-8601 time such as {@code 2030-01-15T10:00:00Z}, or null when absent. */
  Instant instant(String name) {
    String value = text(name);
    if (value == null) return null;
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(name, "'" + value + "' is not a UTC time such as 2030-01-15T10:00:00Z");
    }
  }

  /** A whole number, or {@code absent} when the parameter is not given. */
  int integer(String name, int absent) {
    String value = text(name);
    if (value == null) return absent;
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name, "'" + value + "' is not a whole number");
    }
  }
}
