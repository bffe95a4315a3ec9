package dev.outpost.cli;

import dev.outpost.control.ControlRecord;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** How {@code outpost queue} prints what the server sends: tables for people, one line per thing. */
final class QueueOutput {
  private static final String SITE_ROW = "%-20s %-16s %9s  %-22s %-20s  %s%n";
  private static final String SUMMARY_ROW = "%-32s %8s  %-20s  %-10s %5s %8s %5s %5s  %s%n";
  private static final String LIST_ROW = "%-18s %-20s  %-20s  %-8s %7s  %-30s %s%n";

  private QueueOutput() {}

  static void summary(List<ControlRecord> records, PrintWriter out) {
    List<ControlRecord> destinations = records.stream().filter(r -> r.type().equals("destination")).toList();
    List<ControlRecord> sites = records.stream().filter(r -> r.type().equals("site")).toList();
    if (destinations.isEmpty()) out.println("the queue is empty");
    else destinations(destinations, out);
    if (sites.isEmpty()) return;
    out.println();
    out.printf(SITE_ROW, "SITE", "SOURCE", "CONN", "RATE", "SUSPENDED UNTIL", "WHY SLOWED");
    for (ControlRecord s : sites) {
      out.printf(SITE_ROW, s.get("name"), s.get("source"), s.get("connections") + "/" + s.get("connection_limit"),
          s.get("rate") + (s.get("rate").equals(s.get("configured_rate")) ? "" : " of " + s.get("configured_rate")),
          time(s.get("suspended_until")), dash(s.get("reason")));
    }
  }

  private static void destinations(List<ControlRecord> destinations, PrintWriter out) {
    out.printf(SUMMARY_ROW, "DESTINATION", "MESSAGES", "OLDEST", "STATE", "READY", "DEFERRED", "HELD", "CONN",
        "LAST DEFERRAL");
    for (ControlRecord d : destinations) {
      String deferral = d.get("deferral") == null ? "-" : d.get("deferral") + " (" + time(d.get("deferral_at")) + ")";
      out.printf(SUMMARY_ROW, d.get("name"), d.get("messages"), time(d.get("oldest")), d.get("state"), d.get("ready"),
          d.get("deferred"), d.get("held"), d.get("connections"), deferral);
    }
  }

  static void list(List<ControlRecord> messages, PrintWriter out) {
    if (messages.isEmpty()) {
      out.println("no queued messages");
      return;
    }
    out.printf(LIST_ROW, "QUEUE ID", "ARRIVED", "NEXT ATTEMPT", "STATE", "PENDING", "SENDER", "LAST REPLY");
    for (ControlRecord m : messages) {
      out.printf(LIST_ROW, m.get("id"), time(m.get("received")), time(m.get("next_attempt")), state(m),
          m.get("pending") + "/" + m.get("recipients"), "<" + m.get("sender") + ">", dash(m.get("last_reply")));
    }
  }

  static void show(List<ControlRecord> records, PrintWriter out) {
    ControlRecord m = records.getFirst();
    out.println("queue id:      " + m.get("id"));
    out.println("state:         " + state(m));
    out.println("sender:        <" + m.get("sender") + ">");
    out.println("arrived:       " + time(m.get("received")));
    out.println("next attempt:  " + time(m.get("next_attempt")));
    out.println("client:        " + dash(m.get("client")) + " (helo " + dash(m.get("helo")) + ")");
    out.println("account:       " + dash(m.get("account")) + ", campaign " + dash(m.get("campaign")));
    out.println("body:          " + m.get("size") + " bytes, BODY=" + bodyType(m.get("body")) + ", SMTPUTF8 "
        + m.get("smtputf8") + ", RET=" + dash(m.get("ret")) + ", ENVID=" + dash(m.get("envid")));
    out.println("delay notice:  " + (m.get("delay_notice_at") == null ? "not sent" : "sent " + time(m.get("delay_notice_at"))));
    out.println("recipients:");
    for (ControlRecord r : records.subList(1, records.size())) {
      out.println("  " + r.get("address") + "  " + r.get("state") + ", " + r.get("attempts") + " attempt"
          + ("1".equals(r.get("attempts")) ? "" : "s") + (r.get("last_reply") == null ? "" : ", last reply: "
          + r.get("last_reply")));
    }
    out.println("headers added by Outpost:");
    String headers = m.get("added_headers");
    if (headers != null) headers.lines().forEach(line -> out.println("  " + line));
  }

  /** "held: 3 messages", then one line per reason messages were left alone; no "0 messages" line before those. */
  static void action(String what, List<ControlRecord> records, PrintWriter out) {
    boolean anySkipped = records.stream().anyMatch(r -> r.type().equals("skipped"));
    for (ControlRecord r : records) {
      int count = r.getInt("count");
      String messages = count + (count == 1 ? " message" : " messages");
      switch (r.type()) {
        case "changed" -> {
          if (count > 0 || !anySkipped) out.println(what + ": " + messages);
        }
        case "skipped" -> out.println("left alone: " + messages + ", " + r.get("reason"));
        default -> { }
      }
    }
  }

  private static String state(ControlRecord m) {
    if (m.getFlag("held")) return "held";
    if (m.getFlag("active")) return "active";
    return "deferred";
  }

  /** An instant to the second: the nanoseconds the server keeps only blur a table. */
  private static String time(String instant) {
    return instant == null ? "-" : Instant.parse(instant).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String bodyType(String name) {
    if (name == null) return "-";
    return switch (name) {
      case "SEVEN_BIT" -> "7BIT";
      case "EIGHT_BITMIME" -> "8BITMIME";
      default -> name;
    };
  }

  private static String dash(String value) {
    return value == null ? "-" : value;
  }
}
