package dev.outpost.control;

import java.util.List;

/**
 * What the server answers to one request: data records, then a status line. {@code OK} ends a
 * successful response; {@code ERROR <message>} says the request cannot be done as asked (an
 * unknown command or queue id, a bad argument); {@code FAILED <message>} says the server failed
 * to do it (the spool could not be read or written).
 */
public sealed interface ControlResponse {

  record Ok(List<ControlRecord> records) implements ControlResponse {
    public Ok {
      records = List.copyOf(records);
    }
  }

  record Error(String message) implements ControlResponse {}

  record Failed(String message) implements ControlResponse {}

  static ControlResponse ok(List<ControlRecord> records) {
    return new Ok(records);
  }

  /** The status line that ends this response on the wire. */
  default String statusLine() {
    return switch (this) {
      case Ok ok -> "OK";
      case Error e -> "ERROR " + oneLine(e.message());
      case Failed f -> "FAILED " + oneLine(f.message());
    };
  }

  private static String oneLine(String message) {
    return String.valueOf(message).replace('\r', ' ').replace('\n', ' ');
  }
}
