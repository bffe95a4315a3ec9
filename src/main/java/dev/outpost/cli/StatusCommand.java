package dev.outpost.cli;

import dev.outpost.control.ControlRecord;
import dev.outpost.control.ControlRequest;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code outpost status}: the running server's figures at a glance, the same ones {@code /metrics}
 * exports: uptime, listeners and their connections and messages, the queue by state, recipients
 * delivered, deferred and bounced since the start, sites running below their limits, and
 * blocklist listings in force.
 */
@Command(name = "status", description = "Show the running server's figures: listeners, queue, deliveries, throttles.")
final class StatusCommand implements Callable<Integer> {

  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return ServerAccess.run(main, spec, new ControlRequest.Status(), StatusCommand::print);
  }

  private static void print(List<ControlRecord> records, PrintWriter out) {
    int nameWidth = records.stream().filter(r -> r.type().equals("listener")).mapToInt(r -> r.get("name").length())
        .max().orElse(0);
    for (ControlRecord r : records) {
      switch (r.type()) {
        case "server" -> out.println("up " + uptime(Duration.ofSeconds(Long.parseLong(r.get("uptime"))))
            + ", since " + r.get("started"));
        case "listener" -> printListener(r, nameWidth, out);
        case "queue" -> out.println("queue: " + count(r.getInt("messages"), "message") + " (" + r.get("active")
            + " active, " + r.get("deferred") + " deferred, " + r.get("held") + " held); " + r.get("ready")
            + " ready for a connection, " + count(r.getInt("connections"), "delivery connection") + " open");
        case "delivery" -> out.println("recipients since start: " + r.get("delivered") + " delivered, "
            + r.get("deferred") + " deferred, " + r.get("bounced") + " bounced");
        default -> { }
      }
    }
    List<ControlRecord> sites = records.stream().filter(r -> r.type().equals("site")).toList();
    out.println("throttled sites: " + (sites.isEmpty() ? "none" : sites.size()));
    for (ControlRecord s : sites) {
      String state = s.get("suspended_until") != null ? "suspended until " + s.get("suspended_until") + ", " : "";
      out.println("  " + s.get("name") + " from " + s.get("source") + ": " + state + "rate " + s.get("rate") + " of "
          + s.get("configured_rate") + ", after: " + s.get("reason"));
    }
    List<ControlRecord> listings = records.stream().filter(r -> r.type().equals("listing")).toList();
    out.println("blocklisted: " + (listings.isEmpty() ? "none" : listings.size()));
    for (ControlRecord l : listings) {
      out.println("  " + l.get("subject") + " on " + l.get("zone") + " since " + l.get("since")
          + (l.get("reason") == null ? "" : ": " + l.get("reason")));
    }
  }

  private static void printListener(ControlRecord r, int nameWidth, PrintWriter out) {
    StringBuilder line = new StringBuilder("listener ").append(pad(r.get("name"), nameWidth)).append(' ')
        .append(r.get("address")).append(": ").append(r.get("open")).append(" open, ")
        .append(count(r.getInt("connections"), "connection")).append(", ").append(count(r.getInt("sessions"), "session"))
        .append(", ").append(r.get("refused")).append(" refused; messages ").append(r.get("accepted"))
        .append(" accepted, ").append(r.get("rejected")).append(" rejected");
    if (!"none".equals(r.get("tls"))) {
      line.append("; TLS (").append(r.get("tls")).append(") ").append(r.get("tls_ok")).append(" ok, ")
          .append(r.get("tls_failed")).append(" failed");
    }
    out.println(line);
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** {@code 3d 4h 5m}, {@code 2h 0m}, {@code 7m 12s}: seconds matter only in the first hour. */
  static String uptime(Duration d) {
    long days = d.toDays();
    if (days > 0) return days + "d " + d.toHoursPart() + "h " + d.toMinutesPart() + "m";
    if (d.toHours() > 0) return d.toHours() + "h " + d.toMinutesPart() + "m";
    return d.toMinutes() + "m " + d.toSecondsPart() + "s";
  }
}
